"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";

/**
 * A page's state kept in its URL query (shareable, survives a reload): the current parameters,
 * and `navigate` to set some (a null removes one) in place, without a history entry.
 */
export function useQueryParams() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const navigate = (next: Record<string, string | null>) => {
    const query = new URLSearchParams(params.toString());
    for (const [key, value] of Object.entries(next)) {
      if (value === null) query.delete(key);
      else query.set(key, value);
    }
    router.replace(`${pathname}?${query.toString()}`);
  };
  return { params, navigate };
}
