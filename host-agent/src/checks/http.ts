// kind = "http": a GET must answer with one of the expected status codes (default 200). The body
// is read and thrown away so the connection ends cleanly; redirects are not followed (a 301 is an
// answer: list it in `status` if it is the healthy one).

import type { IncomingMessage } from "node:http";
import type { CheckFunction, CheckOutcome, HttpCheck } from "./types.ts";

export const httpCheck: CheckFunction<HttpCheck> = async (spec, context) => {
  const url = new URL(spec.url);
  // Loaded only when an http check runs: node:https brings tls and crypto, ~3 MB and ~20 ms that
  // every `banken beat` with any check configured would otherwise pay (docs/performance.md item 1).
  const { get } = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  return new Promise<CheckOutcome>((resolve) => {
    const options = { signal: context.signal, headers: { "user-agent": "banken-health-check" }, rejectUnauthorized: !spec.insecure, agent: false };
    const request = get(url, options, (response: IncomingMessage) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (spec.expectStatus.includes(status)) resolve({ status: "ok", detail: `${spec.url} answered ${status}` });
      else resolve({ status: "fail", detail: `${spec.url} answered ${status} ${response.statusMessage ?? ""}`.trimEnd() + ` (expected ${spec.expectStatus.join(" or ")})` });
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.name === "AbortError") resolve({ status: "unknown", detail: "aborted" }); // the runner reports the timeout
      else resolve({ status: "fail", detail: `GET ${spec.url} failed: ${describeHttpError(error)}` });
    });
  });
};

function describeHttpError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED": return "connection refused (nothing listening)";
    case "ENOTFOUND": return "cannot resolve the host name";
    case "ECONNRESET": return "the connection was reset";
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN": return "self-signed certificate (set insecure = true to accept it)";
    default: return error.message;
  }
}
