import { ProviderSettings } from "~/components/provider-settings";

export default function ProvidersPage() {
  return <ProviderSettings />;
}
