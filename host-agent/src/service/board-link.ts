// The part of a board connection the service uses: a BoardClient, or a test's board without a port.
// Its own module so the service and its metrics can both name it without importing each other.
import type { BoardClient } from "../protocol/client.ts";

export type BoardLink = Pick<BoardClient, "request" | "close">;
