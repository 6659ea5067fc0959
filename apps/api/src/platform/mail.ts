import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface StoredMail extends MailMessage {
  id: string;
  from: string;
  sentAt: string;
}

/** Sends mail. Modules never call this directly: they enqueue a `mail.send` job (see mail jobs). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** The dev mailbox's messages, newest first; empty when mail goes to SMTP. */
  list(): Promise<StoredMail[]>;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    async list() {
      return [];
    },
  };
}

/**
 * The development mailbox: each message is a JSON file in `dir` and a log line, so a developer
 * can read a verification code without an SMTP server.
 */
export function createDevMailbox(dir: string, from: string, log: Logger): Mailer {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      const stored: StoredMail = { id: randomUUID(), from, sentAt, ...message };
      await writeFile(
        path.join(dir, `${sentAt.replace(/[:.]/g, '-')}-${stored.id}.json`),
        JSON.stringify(stored, null, 2),
      );
      log.info({ mail: { to: message.to, subject: message.subject } }, `dev mailbox:\n${message.text}`);
    },
    async list() {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        return [];
      }
      const newest = files
        .filter((f) => f.endsWith('.json'))
        .sort()
        .reverse()
        .slice(0, 200);
      return Promise.all(
        newest.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as StoredMail),
      );
    },
  };
}
