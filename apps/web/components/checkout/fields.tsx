'use client';
import type { ReactNode } from 'react';
import { Loader2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/cn';
import { normaliseMpesaPhone } from '@/lib/checkout/phone';

/** One choice of a radio group, drawn as a card (the native radio keeps keyboard and screen readers). */
export function RadioCard({
  name,
  value,
  checked,
  onSelect,
  className,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  onSelect: () => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <label
      className={cn(
        'flex cursor-pointer gap-3 rounded-lg border p-3 has-[:checked]:border-primary has-[:checked]:bg-accent has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
        className,
      )}
    >
      <input
        type="radio"
        name={name}
        value={value}
        checked={checked}
        onChange={onSelect}
        className="mt-1 accent-primary"
      />
      {children}
    </label>
  );
}

/** The M-Pesa phone, saying which number will be prompted once it reads as one (API.md's rules). */
export function MpesaPhoneField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const normalised = normaliseMpesaPhone(value);
  return (
    <div className="grid gap-1.5 sm:max-w-xs">
      <Label htmlFor={id}>M-Pesa phone number</Label>
      <Input
        id={id}
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        placeholder="0712 345 678"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
      />
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {normalised ? `We will prompt +${normalised}.` : '07…, 01…, +254… or 254…'}
        </p>
      )}
    </div>
  );
}

/**
 * A checkout step's submit button: large, as wide as the step's form on a phone and as wide as its
 * text from `sm` up; a spinner in place of `icon` (and disabled) while the step's request runs.
 */
export function StepSubmit({
  pending,
  disabled = false,
  icon = null,
  children,
}: {
  pending: boolean;
  disabled?: boolean;
  icon?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Button type="submit" size="lg" disabled={disabled || pending} className="sm:w-fit">
      {pending ? <Loader2 className="animate-spin" aria-hidden /> : icon}
      {children}
    </Button>
  );
}
