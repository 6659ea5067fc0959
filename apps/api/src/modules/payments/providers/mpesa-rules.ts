import { validationFailed } from '../../../platform/errors.js';
import type { ProviderPaymentStatus } from './provider.js';

/**
 * Normalises a Kenyan mobile number to Daraja's `2547XXXXXXXX` / `2541XXXXXXXX`: `07…`, `01…`,
 * `+254…` and `254…` are accepted (spaces and dashes ignored); anything else is 400 on `phone`.
 */
export function normalisePhone(phone: string): string {
  const compact = phone.replace(/[\s-]/g, '');
  const match = /^(?:0|\+?254)([17]\d{8})$/.exec(compact);
  if (!match) {
    throw validationFailed(
      [{ path: 'phone', message: 'must be a Kenyan mobile number such as 0712345678 or +254712345678' }],
      'The phone number is not an M-Pesa number',
    );
  }
  return `254${match[1]}`;
}

const nairobi = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Africa/Nairobi',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Daraja's `Timestamp`: `yyyyMMddHHmmss` in East Africa Time, whatever the server's zone. */
export function darajaTimestamp(at: Date): string {
  const part = Object.fromEntries(nairobi.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.year}${part.month}${part.day}${part.hour}${part.minute}${part.second}`;
}

/** STK `Password`: base64(shortcode + passkey + timestamp). */
export const stkPassword = (shortcode: string, passkey: string, timestamp: string) =>
  Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64');

/** Daraja takes whole shillings: minor units rounded up (KES 10.01 is 11), at least 1. */
export const wholeShillings = (minorUnits: number) => Math.max(1, Math.ceil(minorUnits / 100));

const resultMessages: Record<string, { status: ProviderPaymentStatus; message: string }> = {
  '0': { status: 'paid', message: 'Payment received. Thank you!' },
  '1': {
    status: 'failed',
    message: 'Your M-Pesa balance is not enough for this payment. Top up and try again.',
  },
  '1032': { status: 'cancelled', message: 'You cancelled the payment on your phone. You can try again.' },
  '1037': {
    status: 'failed',
    message: 'We could not reach your phone. Check that it is on and has signal, then try again.',
  },
  '2001': { status: 'failed', message: 'The M-Pesa PIN was wrong. Try again and enter your PIN carefully.' },
  '1001': {
    status: 'failed',
    message: 'Another M-Pesa transaction is in progress on your phone. Wait a moment and try again.',
  },
  '1019': { status: 'failed', message: 'The payment request expired before it was completed. Try again.' },
};

/** A Daraja `ResultCode` as a payment status and a message a shopper understands. */
export function mpesaResult(resultCode: string | number): { status: ProviderPaymentStatus; message: string } {
  return (
    resultMessages[String(resultCode)] ?? {
      status: 'failed',
      message: 'M-Pesa could not complete the payment. Try again or choose another method.',
    }
  );
}
