'use client';

export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body
        style={{
          fontFamily: 'system-ui, sans-serif',
          display: 'grid',
          placeItems: 'center',
          minHeight: '100vh',
          margin: 0,
        }}
      >
        <main style={{ maxWidth: '28rem', textAlign: 'center', padding: '2rem' }}>
          <h1>Soko will be right back</h1>
          <p style={{ color: '#475569' }}>
            Something went wrong while loading the shop. Please try again in a moment.
          </p>
          <button
            type="button"
            onClick={reset}
            style={{ padding: '0.5rem 1rem', borderRadius: 6, border: '1px solid #cbd5e1' }}
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
