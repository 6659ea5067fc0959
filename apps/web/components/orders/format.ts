/**
 * Dates on the order pages, in the shop's time zone (`STORE_TIMEZONE`, the API's variable, default
 * Africa/Nairobi) and the shop's locale (en-KE, as `lib/format.ts` formats money). Server
 * components only: the browser has no STORE_TIMEZONE, so client code would show its own zone.
 */
const timeZone = process.env.STORE_TIMEZONE || 'Africa/Nairobi';

const dateTime = new Intl.DateTimeFormat('en-KE', {
  timeZone,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-KE', {
  timeZone,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "5 Dec 2026, 14:03" in the shop's time zone. */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** "5 Dec 2026" in the shop's time zone. */
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));
