// Who may reach the control socket: only the service's own user (root under the systemd unit).
// Like sshd's StrictModes: the socket's directory must be a real directory owned by root or by us
// and writable by nobody else (or another user could swap the socket for their own), and the socket
// itself mode 0600. Both ends check: the service before it listens, a command before it trusts a reply.
import { lstatSync, type Stats } from "node:fs";

/** Root may also use a service's socket owned by its service user (`install systemd --user`): that user has the board anyway. */
function ownerIsTrusted(stats: Stats): boolean {
  const me = process.geteuid?.();
  return stats.uid === 0 || stats.uid === me || me === 0;
}

/** What is wrong with the socket's directory, or null. Throws the lstat error (ENOENT, EACCES) as it is. */
export function directoryProblem(dir: string): string | null {
  const stats = lstatSync(dir);
  if (stats.isSymbolicLink()) return `${dir} is a symbolic link`;
  if (!stats.isDirectory()) return `${dir} is not a directory`;
  if (!ownerIsTrusted(stats)) return `${dir} belongs to uid ${stats.uid}, not root or this user`;
  if ((stats.mode & 0o022) !== 0) return `${dir} is writable by group or others (chmod go-w ${dir})`;
  return null;
}

/** What is wrong with the socket file, or null. Throws the lstat error (ENOENT, EACCES) as it is. */
export function socketProblem(path: string): string | null {
  const stats = lstatSync(path);
  if (!stats.isSocket()) return `${path} is not a socket`;
  if (!ownerIsTrusted(stats)) return `${path} belongs to uid ${stats.uid}, not root or this user`;
  if ((stats.mode & 0o077) !== 0) return `${path} has mode ${(stats.mode & 0o777).toString(8)}, not 600`;
  return null;
}
