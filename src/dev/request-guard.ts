/**
 * `npm start`'s first middleware: an address that does not decode (`/%`, `/%E0%A4%A`) or that
 * climbs out of the site once decoded (`/%2e%2e%2f…`) is answered here, 400 or 404. Passed on,
 * either made Eleventy's dev server throw (URIError, "Invalid path") and end the whole process.
 */
import type { ServerMiddleware } from "../eleventy-types.ts";

export const requestGuard: ServerMiddleware = (request, response, next) => {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
  } catch {
    return answer(response, 400, "400: this address is not a valid web address");
  }
  if (pathname.includes("\0") || pathname.includes("\\") || pathname.split("/").includes("..")) return answer(response, 404, "404: no such page");
  return next();
};

function answer(response: Parameters<ServerMiddleware>[1], status: number, text: string): void {
  response.statusCode = status;
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.end(text);
}
