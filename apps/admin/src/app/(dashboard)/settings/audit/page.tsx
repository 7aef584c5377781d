import { AuditLog } from "~/components/audit/audit-log";

export default function AuditLogPage() {
  return <AuditLog />;
}
