'use client';
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toaster';
import { problemMessage } from '@/lib/form-errors';
import { resendCodeAction } from '@/app/(auth)/actions';

const COOLDOWN_SECONDS = 30;

/** Asks for a new code; waits out the API's 30 s cooldown with a countdown. */
export function ResendButton() {
  const [wait, setWait] = useState(0);
  const [isPending, startTransition] = useTransition();
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);
  return (
    <Button
      type="button"
      variant="ghost"
      disabled={wait > 0 || isPending}
      onClick={() =>
        startTransition(async () => {
          const result = await resendCodeAction();
          if (result.ok) {
            toast.success('We sent you a new code.');
            setWait(COOLDOWN_SECONDS);
          } else {
            toast.error(problemMessage(result.problem));
            if (result.problem.code === 'rate_limited') setWait(COOLDOWN_SECONDS);
          }
        })
      }
    >
      {wait > 0 ? `Send a new code in ${wait} s` : 'Send a new code'}
    </Button>
  );
}
