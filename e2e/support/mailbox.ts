import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface StoredMail {
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/**
 * One stored mail, or undefined while the API is still writing it: the dev mailbox writes each
 * file in place, so a poll that runs meanwhile (any worker's, the mailbox is shared) can read a
 * half-written file. The next poll reads it whole.
 */
function readMail(file: string): StoredMail | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StoredMail;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function newestTo(dataDir: string, to: string, since: number, match?: RegExp): StoredMail | undefined {
  const dir = path.join(dataDir, 'mailbox');
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return undefined;
  }
  return files
    .map((f) => readMail(path.join(dir, f)))
    .filter((m): m is StoredMail => m !== undefined)
    .filter((m) => m.to.toLowerCase() === to.toLowerCase() && Date.parse(m.sentAt) >= since)
    .filter((m) => !match || match.test(m.text))
    .sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0];
}

/** Waits for a mail to `to` sent after `since` (the dev mailbox: DATA_DIR/mailbox/*.json). */
export async function waitForMail(
  dataDir: string,
  to: string,
  since: number,
  match?: RegExp,
  timeoutMs = 15_000,
): Promise<StoredMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mail = newestTo(dataDir, to, since - 1000, match);
    if (mail) return mail;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no mail to ${to} within ${timeoutMs} ms`);
}

export const codeIn = (mail: StoredMail) => {
  const match = /\b(\d{6})\b/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no 6-digit code in mail "${mail.subject}"`);
  return match[1];
};

export const linkIn = (mail: StoredMail, pathPrefix: string) => {
  const match = new RegExp(`https?://[^\\s"]*${pathPrefix.replace(/[/?]/g, '\\$&')}[^\\s"]*`).exec(mail.text);
  if (!match) throw new Error(`no ${pathPrefix} link in mail "${mail.subject}"`);
  return match[0];
};
