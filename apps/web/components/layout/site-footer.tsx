import Link from 'next/link';

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t bg-muted/40">
      <div className="mx-auto grid max-w-7xl gap-8 px-4 py-10 text-sm sm:grid-cols-3">
        <div>
          <p className="text-lg font-bold text-primary">Soko</p>
          <p className="mt-2 max-w-xs text-muted-foreground">
            A marketplace of independent sellers. Pay with M-Pesa, card or cash on delivery.
          </p>
        </div>
        <nav aria-label="Shop">
          <p className="font-semibold">Shop</p>
          <ul className="mt-2 space-y-1.5 text-muted-foreground">
            <li>
              <Link className="hover:text-foreground" href="/products">
                All products
              </Link>
            </li>
            <li>
              <Link className="hover:text-foreground" href="/products?sort=newest">
                New arrivals
              </Link>
            </li>
            <li>
              <Link className="hover:text-foreground" href="/search">
                Search
              </Link>
            </li>
          </ul>
        </nav>
        <nav aria-label="Account">
          <p className="font-semibold">Account</p>
          <ul className="mt-2 space-y-1.5 text-muted-foreground">
            <li>
              <Link className="hover:text-foreground" href="/sign-in">
                Sign in
              </Link>
            </li>
            <li>
              <Link className="hover:text-foreground" href="/register">
                Create an account
              </Link>
            </li>
            <li>
              <Link className="hover:text-foreground" href="/register?role=seller">
                Sell on Soko
              </Link>
            </li>
          </ul>
        </nav>
      </div>
      <p className="border-t py-4 text-center text-xs text-muted-foreground">
        © {new Date().getFullYear()} Soko. Open source.
      </p>
    </footer>
  );
}
