import { Suspense } from "react";
import { GapsPage } from "~/components/gaps/gaps-page";

export default function ImproveGapsPage() {
  // The page reads its bot and period from the URL (useSearchParams).
  return (
    <Suspense>
      <GapsPage />
    </Suspense>
  );
}
