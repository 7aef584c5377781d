import { redirect } from "next/navigation";

export default function ImprovePage() {
  redirect("/improve/tests");
}
