import type { OrderEvent } from '@/lib/api/orders';
import { formatDateTime } from './format';
import { actorLabels, historyNote, historyStatusLabel } from './labels';

/** The order's history, newest first: what it became, from what, who moved it, their note, when. */
export function OrderTimeline({ history }: { history: OrderEvent[] }) {
  const events = [...history].reverse();
  return (
    <ol className="grid gap-4" aria-label="Order history" data-testid="order-timeline">
      {events.map((e, i) => {
        const note = historyNote(e.note);
        return (
          <li key={`${e.at}-${e.to}-${i}`} className="relative flex gap-3 text-sm">
            <span
              aria-hidden
              className={`mt-1.5 size-2.5 shrink-0 rounded-full ${i === 0 ? 'bg-primary' : 'bg-muted-foreground/40'}`}
            />
            <div className="grid gap-0.5">
              <p className="font-medium">
                {e.from ? (
                  <>
                    {historyStatusLabel(e.from)} <span aria-hidden>→</span>
                    <span className="sr-only">to</span> {historyStatusLabel(e.to)}
                  </>
                ) : (
                  <>Placed: {historyStatusLabel(e.to)}</>
                )}
              </p>
              <p className="text-muted-foreground">
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {actorLabels[e.actor.role]}
              </p>
              {note ? <p className="text-muted-foreground">{note}</p> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
