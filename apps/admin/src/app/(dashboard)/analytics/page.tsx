import { AnalyticsPage } from "~/components/analytics/analytics-page";

export default function Analytics() {
  return <AnalyticsPage />;
}
