/**
 * An M-Pesa phone as API.md normalises it: `07…`, `01…`, `+254…`, `254…` (spaces and dashes
 * ignored) become `2547…`/`2541…`; anything else is `null`. Shared by the payment form (to say
 * what will be charged) and the server action (the API checks again).
 */
export function normaliseMpesaPhone(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '');
  const match = /^(?:\+?254|0)([17]\d{8})$/.exec(compact);
  return match ? `254${match[1]}` : null;
}
