'use client';
import { useRouter, useSearchParams } from 'next/navigation';
import { Search, Tag, Package } from 'lucide-react';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Suggestion } from '@/lib/api/types';
import { cx } from '@/lib/cx';

/** The header's search box: an ARIA 1.2 combobox with typo-tolerant suggestions. */
export function SearchBox() {
  const router = useRouter();
  const params = useSearchParams();
  const [value, setValue] = useState(params.get('q') ?? '');
  const [items, setItems] = useState<Suggestion[]>([]);
  const [isOpen, setIsOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const q = value.trim();
    if (q.length < 2) {
      setItems([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal });
        const body = (await res.json()) as { items: Suggestion[] };
        setItems(body.items ?? []);
        setActive(-1);
      } catch {
        // Aborted by a newer keystroke, or offline: keep the previous list.
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  const go = (s: Suggestion) => {
    setIsOpen(false);
    router.push(s.type === 'category' ? `/c/${s.slug}` : `/p/${s.slug}`);
  };
  const submit = () => {
    setIsOpen(false);
    const q = value.trim();
    router.push(q ? `/search?q=${encodeURIComponent(q)}` : '/products');
  };

  const isExpanded = isOpen && items.length > 0;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setIsOpen(true);
      setActive((i) => (items.length ? (i + 1) % items.length : -1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setIsOpen(true);
      setActive((i) => (items.length ? (i <= 0 ? items.length - 1 : i - 1) : -1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = isExpanded && active >= 0 ? items[active] : undefined;
      if (chosen) go(chosen);
      else submit();
    } else if (e.key === 'Escape') {
      if (isExpanded) {
        // Chromium clears a type=search input on Escape; the first Escape only closes the list.
        e.preventDefault();
        setIsOpen(false);
      } else setValue('');
    }
  };

  return (
    <form
      role="search"
      className="relative w-full max-w-xl"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor={`${listId}-input`} className="sr-only">
        Search products
      </label>
      <Search
        aria-hidden
        className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
      />
      <input
        ref={inputRef}
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={isExpanded}
        aria-controls={`${listId}-list`}
        aria-activedescendant={isExpanded && active >= 0 ? `${listId}-opt-${active}` : undefined}
        autoComplete="off"
        placeholder="Search products and categories"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setIsOpen(true);
        }}
        onFocus={() => setIsOpen(true)}
        onBlur={() => setTimeout(() => setIsOpen(false), 120)}
        onKeyDown={onKeyDown}
        className="h-10 w-full rounded-full border border-input bg-muted/50 pl-9 pr-4 text-sm placeholder:text-muted-foreground focus-visible:bg-background focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring [&::-webkit-search-cancel-button]:hidden"
      />
      <ul
        id={`${listId}-list`}
        role="listbox"
        aria-label="Suggestions"
        hidden={!isExpanded}
        className="absolute inset-x-0 top-full z-50 mt-2 overflow-hidden rounded-lg border bg-popover py-1 shadow-lg"
      >
        {items.map((s, i) => (
          <li
            key={`${s.type}:${s.slug}`}
            id={`${listId}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              go(s);
            }}
            onMouseEnter={() => setActive(i)}
            className={cx(
              'flex cursor-pointer items-center gap-2 px-3 py-2 text-sm',
              i === active && 'bg-accent text-accent-foreground',
            )}
          >
            {s.type === 'category' ? (
              <Tag aria-hidden className="size-4 text-muted-foreground" />
            ) : (
              <Package aria-hidden className="size-4 text-muted-foreground" />
            )}
            <span className="truncate">{s.title}</span>
            {s.type === 'category' ? (
              <span className="ml-auto text-xs text-muted-foreground">Category</span>
            ) : null}
          </li>
        ))}
      </ul>
    </form>
  );
}
