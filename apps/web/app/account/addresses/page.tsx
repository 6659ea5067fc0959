import type { Metadata } from 'next';
import { MapPin } from 'lucide-react';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listAddresses } from '@/lib/api/auth';
import { AddressForm, DeleteAddressButton } from './address-form';

export const metadata: Metadata = { title: 'Addresses' };

export default async function AddressesPage() {
  const addresses = await listAddresses();
  return (
    <div className="grid gap-6">
      <h1 className="text-2xl font-bold tracking-tight">Address book</h1>
      {addresses.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center text-sm text-muted-foreground">
          No saved addresses yet. Add one below to check out faster.
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {addresses.map((a) => (
            <li key={a.id} className="flex items-start gap-3 rounded-lg border p-4 text-sm">
              <MapPin aria-hidden className="mt-0.5 size-4 text-muted-foreground" />
              <div className="flex-1">
                <p className="font-medium">{a.fullName}</p>
                <p className="text-muted-foreground">
                  {[a.line1, a.line2, a.city, a.region, a.postalCode, a.country].filter(Boolean).join(', ')}
                </p>
                <p className="text-muted-foreground">{a.phone}</p>
              </div>
              <DeleteAddressButton id={a.id} label={`${a.fullName}, ${a.line1}`} />
            </li>
          ))}
        </ul>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Add an address</CardTitle>
          <CardDescription>Where should sellers deliver?</CardDescription>
        </CardHeader>
        <CardContent>
          <AddressForm />
        </CardContent>
      </Card>
    </div>
  );
}
