import { BusinessHoursSettings } from "~/components/business-hours-settings";

export default function BusinessHoursPage() {
  return <BusinessHoursSettings />;
}
