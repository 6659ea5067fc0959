/**
 * The one interface every online payment provider implements (M-Pesa through Daraja, Stripe). The
 * payments service talks to providers only through it, so the callback, the webhook, the status
 * endpoint and the reconcile job all read a provider the same way and settle through one path.
 */

/** Where a payment stands at the provider. Only `paid`, `failed` and `cancelled` are final. */
export type ProviderPaymentStatus = 'pending' | 'paid' | 'failed' | 'cancelled';

export interface InitiateInput {
  paymentId: string;
  orderId: string;
  /** At most 12 characters: it is M-Pesa's `AccountReference`. */
  orderNumber: string;
  /** Minor units. */
  amount: number;
  currency: string;
  /** M-Pesa only: the payer's phone as typed (normalised by the provider; 400 when not Kenyan). */
  phone?: string;
}

export interface Initiated {
  /** The provider's id for this attempt: M-Pesa `CheckoutRequestID`, Stripe PaymentIntent id. */
  providerReference: string;
  status: ProviderPaymentStatus;
  /** Stripe: the PaymentIntent's client secret, for the browser. */
  clientSecret?: string;
  /** A message for the shopper (M-Pesa: "check your phone"). */
  message: string;
}

/** The provider's own account of one payment attempt. */
export interface ProviderOutcome {
  providerReference: string;
  status: ProviderPaymentStatus;
  /** The provider's result code as text (Daraja `ResultCode`, Stripe decline code), when known. */
  resultCode: string | null;
  /** The provider's description, for logs and the status endpoint. */
  resultDesc: string | null;
  /** What the shopper should read. */
  message: string;
  /** Minor units the provider says were paid, when it says (Stripe always; Daraja's query never). */
  amountPaid?: number;
  /** The provider's receipt (M-Pesa receipt number, Stripe charge id). */
  receipt?: string;
}

/** A verified or parsed message the provider sent us (callback, webhook, reversal result). */
export type ProviderNotification =
  | {
      kind: 'payment';
      /** Unique per provider event: with `eventType`, the key a notification is processed once by. */
      eventId: string;
      eventType: string;
      outcome: ProviderOutcome;
    }
  | {
      kind: 'refund';
      eventId: string;
      eventType: string;
      /** The payment's provider reference (Stripe PaymentIntent) or the reversal's conversation id. */
      providerReference: string;
      status: 'succeeded' | 'failed' | 'pending';
      /** Stripe `charge.refunded`: the total refunded on the charge so far (minor units). */
      amountRefunded?: number;
      resultDesc: string | null;
    }
  | { kind: 'ignored'; eventId: string; eventType: string };

export interface RefundInput {
  refundId: string;
  paymentId: string;
  /** The payment's provider reference (CheckoutRequestID or PaymentIntent id). */
  providerReference: string;
  /** M-Pesa: the receipt number the reversal names. */
  receipt?: string;
  /** Minor units. */
  amount: number;
  currency: string;
  reason?: string;
}

export interface RefundStarted {
  /** The provider's id for the refund (Stripe refund id, Daraja ConversationID). */
  providerReference: string;
  /** M-Pesa reversals are `pending` until their result arrives. */
  status: 'pending' | 'succeeded' | 'failed';
}

export interface RawNotification {
  /** The body exactly as received (Stripe signs the raw bytes). */
  body: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface PaymentProvider {
  readonly code: 'mpesa' | 'stripe';
  /** True when this provider runs against the built-in simulator (no credentials). */
  readonly testMode: boolean;
  /**
   * Starts a payment attempt at the provider. Idempotent per `paymentId` where the provider allows
   * it (Stripe idempotency key). Throws {@link ProviderUnavailable} when the provider is down or
   * slow, {@link ProviderRejected} when it refuses the request.
   */
  initiate(input: InitiateInput): Promise<Initiated>;
  /** Asks the provider where an attempt stands (STK Push Query, PaymentIntent retrieve). */
  query(providerReference: string): Promise<ProviderOutcome>;
  /**
   * Parses (and, where the provider signs, verifies) a callback or webhook. Throws
   * {@link InvalidNotification} for a bad signature or a body that is not the provider's. A
   * parsed notification is not yet trusted for M-Pesa: the service confirms it with {@link query}.
   */
  parseNotification(raw: RawNotification): ProviderNotification;
  /** Returns money on a paid attempt (Daraja Reversal API, Stripe Refunds API). */
  refund(input: RefundInput): Promise<RefundStarted>;
}

/** The provider is down, slow or answered 5xx: the service answers 503 `service_unavailable`. */
export class ProviderUnavailable extends Error {
  constructor(
    readonly provider: string,
    detail: string,
  ) {
    super(`${provider}: ${detail}`);
    this.name = 'ProviderUnavailable';
  }
}

/** The provider refused the request (4xx, a business error): not worth retrying as is. */
export class ProviderRejected extends Error {
  constructor(
    readonly provider: string,
    readonly providerCode: string | null,
    detail: string,
  ) {
    super(`${provider}: ${detail}`);
    this.name = 'ProviderRejected';
  }
}

/** A callback or webhook that fails its signature check or is not the provider's shape. */
export class InvalidNotification extends Error {
  constructor(
    readonly provider: string,
    detail: string,
  ) {
    super(`${provider}: ${detail}`);
    this.name = 'InvalidNotification';
  }
}

/** `fetch` as the providers use it; the sandbox and tests may hand in another. */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** How a sandbox posts its callbacks and webhooks back to the API (HTTP, or in-process in tests). */
export type Deliver = (url: string, body: string, headers: Record<string, string>) => Promise<void>;
