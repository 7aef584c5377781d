import { RetentionSettings } from "~/components/privacy/retention-settings";

export default function PrivacySettingsPage() {
  return <RetentionSettings />;
}
