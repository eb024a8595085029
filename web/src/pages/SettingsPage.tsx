import { HotelMappingsPanel } from '../components/HotelMappingsPanel';
import { SednaSettingsForm } from '../components/SednaSettingsForm';
import { WebhookSettingsForm } from '../components/WebhookSettingsForm';

export function SettingsPage() {
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="text-sm text-slate-600">
          This tenant’s Sedna connection, hotel mappings and webhooks.
        </p>
      </div>
      <SednaSettingsForm />
      <HotelMappingsPanel />
      <WebhookSettingsForm />
    </div>
  );
}
