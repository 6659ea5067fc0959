import type { MailMessage } from '../../platform/mail.js';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const layout = (title: string, body: string) =>
  `<!doctype html><html><body style="font-family:sans-serif;max-width:520px;margin:auto">` +
  `<h1 style="font-size:20px">${escape(title)}</h1>${body}` +
  `<p style="color:#777;font-size:12px">Soko. If this was not you, you can ignore this mail.</p></body></html>`;

export function verificationMail(to: string, name: string, code: string): MailMessage {
  return {
    to,
    subject: `Your Soko verification code: ${code}`,
    text: `Hello ${name},\n\nYour verification code is ${code}. It expires in 10 minutes.\n`,
    html: layout(
      'Verify your email',
      `<p>Hello ${escape(name)},</p><p>Your verification code is <strong style="font-size:24px">${code}</strong>. It expires in 10 minutes.</p>`,
    ),
  };
}

export function loginCodeMail(to: string, name: string, code: string): MailMessage {
  return {
    to,
    subject: `Your Soko sign-in code: ${code}`,
    text: `Hello ${name},\n\nYour sign-in code is ${code}. It expires in 10 minutes.\n`,
    html: layout(
      'Your sign-in code',
      `<p>Hello ${escape(name)},</p><p>Your sign-in code is <strong style="font-size:24px">${code}</strong>. It expires in 10 minutes.</p>`,
    ),
  };
}

export function resetMail(to: string, name: string, link: string): MailMessage {
  return {
    to,
    subject: 'Reset your Soko password',
    text: `Hello ${name},\n\nOpen this link within an hour to choose a new password:\n${link}\n`,
    html: layout(
      'Reset your password',
      `<p>Hello ${escape(name)},</p><p><a href="${escape(link)}">Choose a new password</a> (the link works once, for an hour).</p><p>${escape(link)}</p>`,
    ),
  };
}

export function passwordChangedMail(to: string, name: string): MailMessage {
  return {
    to,
    subject: 'Your Soko password was changed',
    text: `Hello ${name},\n\nYour password was just changed and your other sessions were signed out. If this was not you, reset your password now.\n`,
    html: layout(
      'Your password was changed',
      `<p>Hello ${escape(name)},</p><p>Your password was just changed and your other sessions were signed out. If this was not you, reset your password now.</p>`,
    ),
  };
}
