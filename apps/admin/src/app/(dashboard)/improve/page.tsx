import { WeeklySummaryCard } from "~/components/regression/weekly-summary-card";

export default function ImprovePage() {
  return <WeeklySummaryCard />;
}
