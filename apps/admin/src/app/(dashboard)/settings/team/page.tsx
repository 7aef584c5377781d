import { TeamSettings } from "~/components/team/team-settings";

export default function TeamPage() {
  return <TeamSettings />;
}
