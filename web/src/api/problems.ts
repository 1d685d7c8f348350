// What a refused request says. The API answers problem+json (RFC 9457); the web ACL's refusals
// carry the same fields (sent as application/json). Some refusals come from AWS itself, before the
// app runs, in AWS's own format: Lambda's 429 when the API function is at its reserved concurrency,
// its 403 when a request's signature or body hash does not hold. CloudFront cannot rewrite those
// without rewriting the app's own 403 and 429 problems too, so the app turns them into a problem.
import { t } from "../i18n";
import type { components } from "./schema";

type Problem = components["schemas"]["Problem"];

/** Whether a parsed body is a problem (ours or the web ACL's): a type URI and a status. */
export function isProblem(body: unknown): body is Partial<Problem> & { type: string } {
  if (typeof body !== "object" || body === null) return false;
  const fields = body as Record<string, unknown>;
  return typeof fields.type === "string" && typeof fields.status === "number";
}

/** The problem of an answer with `status` and parsed `body`: the body when it is one; for AWS's
 * own 429 and 403, the same friendly words the screens show for ours. */
export function problemFor(status: number, body: unknown): Partial<Problem> {
  if (isProblem(body)) return body;
  if (status === 429) return { status, title: t("problemBusy"), detail: t("problemBusy") };
  if (status === 403) return { status, title: t("problemRefused"), detail: t("problemRefused") };
  return typeof body === "object" && body !== null ? (body as Partial<Problem>) : { status };
}

/** The problem of a refused response (its body read from a copy: the response stays readable). */
export async function problemOf(response: Response): Promise<Partial<Problem>> {
  const text = await response.clone().text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined; // HTML or text: AWS's page, not ours
  }
  return problemFor(response.status, body);
}
