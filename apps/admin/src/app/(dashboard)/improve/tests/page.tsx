import { Suspense } from "react";
import { TestsPage } from "~/components/regression/tests-page";

export default function ImproveTestsPage() {
  // The page reads its bot, set and run from the URL (useSearchParams).
  return (
    <Suspense>
      <TestsPage />
    </Suspense>
  );
}
