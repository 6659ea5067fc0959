'use client';
import { Fragment, useState, type ReactNode } from 'react';
import { useHydrated } from '@/lib/use-hydrated';

export type VariantChoice = {
  id: string;
  sku: string;
  label: string;
  options: Record<string, string>;
  inStock: boolean;
};

const choiceClass = (isSelected: boolean) =>
  `rounded-md border px-3 py-2 text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring ${
    isSelected ? 'border-primary bg-primary text-primary-foreground' : 'hover:bg-accent'
  }`;

/**
 * The variant picker's only client part: which variant is chosen. Each variant's price and stock
 * (`panels`) and its Add to cart (`actions`) arrive rendered by the server; choosing one swaps
 * them and the URL's `?variant=`, without a request. The choices stay disabled until the page is
 * hydrated: a tap before that would do nothing (browser tests wait for them to be enabled).
 */
export function VariantChooser({
  variants,
  initialId,
  optionNames,
  panels,
  actions,
}: {
  variants: VariantChoice[];
  initialId: string;
  optionNames: string[];
  panels: Record<string, ReactNode>;
  actions: Record<string, ReactNode>;
}) {
  const [selectedId, setSelectedId] = useState(initialId);
  const hydrated = useHydrated();
  const selected = variants.find((v) => v.id === selectedId) ?? variants[0];
  if (!selected) return null;

  const choose = (v: VariantChoice | undefined) => {
    if (!v) return;
    setSelectedId(v.id);
    const url = new URL(window.location.href);
    url.searchParams.set('variant', v.id);
    window.history.replaceState(null, '', url);
  };
  const chooseOption = (name: string, value: string) => {
    const wanted = { ...selected.options, [name]: value };
    const exact = variants.find((v) => Object.entries(wanted).every(([k, val]) => v.options[k] === val));
    choose(exact ?? variants.find((v) => v.options[name] === value));
  };

  const pickers =
    variants.length < 2 ? null : optionNames.length > 0 ? (
      optionNames.map((name) => {
        const values = [
          ...new Set(variants.map((v) => v.options[name]).filter((v): v is string => Boolean(v))),
        ];
        return (
          <fieldset key={name} disabled={!hydrated}>
            <legend className="mb-2 text-sm font-semibold">
              <span className="capitalize">{name}</span>:{' '}
              <span className="font-normal">{selected.options[name]}</span>
            </legend>
            <div className="flex flex-wrap gap-2">
              {values.map((value) => {
                const isSelected = selected.options[name] === value;
                const isAvailable = variants.some((v) => v.options[name] === value && v.inStock);
                return (
                  <button
                    key={value}
                    type="button"
                    aria-pressed={isSelected}
                    onClick={() => chooseOption(name, value)}
                    className={`min-w-12 ${choiceClass(isSelected)}${
                      !isAvailable && !isSelected ? ' text-muted-foreground line-through' : ''
                    }`}
                  >
                    {value}
                    {!isAvailable ? <span className="sr-only"> (sold out)</span> : null}
                  </button>
                );
              })}
            </div>
          </fieldset>
        );
      })
    ) : (
      <fieldset disabled={!hydrated}>
        <legend className="mb-2 text-sm font-semibold">Option</legend>
        <div className="flex flex-wrap gap-2">
          {variants.map((v) => (
            <button
              key={v.id}
              type="button"
              aria-pressed={v.id === selected.id}
              onClick={() => choose(v)}
              className={choiceClass(v.id === selected.id)}
            >
              {v.label}
            </button>
          ))}
        </div>
      </fieldset>
    );

  return (
    <div className="grid gap-5">
      <div aria-live="polite" className="grid gap-5">
        {panels[selected.id]}
      </div>
      {pickers}
      {/* Keyed: another variant's Add to cart starts afresh (quantity 1, no message). */}
      <Fragment key={selected.id}>{actions[selected.id]}</Fragment>
      <p className="text-xs text-muted-foreground">SKU {selected.sku}</p>
    </div>
  );
}
