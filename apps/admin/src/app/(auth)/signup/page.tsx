import { redirect } from "next/navigation";
import { currentUserId } from "~/lib/auth";
import { SignUpForm } from "./signup-form";

/** Someone already signed in has a workspace: the form would only confuse them. */
export default async function SignUpPage() {
  if (await currentUserId()) redirect("/bots");
  return <SignUpForm />;
}
