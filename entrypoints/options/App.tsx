import { useEffect, useState } from 'preact/hooks';
import { CheckboxField } from '../../components/CheckboxField';
import { FieldMessage } from '../../components/FieldMessage';
import { MutedAppsField } from '../../components/MutedAppsField';
import { QuietHoursField } from '../../components/QuietHoursField';
import { RetentionField } from '../../components/RetentionField';
import { ServerField } from '../../components/ServerField';
import { ToolbarField } from '../../components/ToolbarField';
import { t } from '../../lib/i18n';
import { useOptionsStore } from '../../lib/ui/options-store';
import type { ToolbarOptions } from '../../lib/ui/toolbar-options';

/** The options page: every change is validated and saved at once. */
export function App({ toolbar }: { toolbar?: ToolbarOptions }) {
  const store = useOptionsStore();
  const [exported, setExported] = useState<number | null>(null);
  useEffect(() => {
    void store.start();
    return () => store.dispose();
  }, [store]);
  useEffect(() => void toolbar?.load(), [toolbar]);

  const settings = store.settings.value;
  const errors = store.errors.value;
  const saved = store.saved.value;
  const binding = store.status.value?.binding;
  const sticky = store.capabilities.stickyNotifications;

  if (!settings) {
    return (
      <p class="muted center" aria-busy="true">
        {t('loading')}
      </p>
    );
  }

  return (
    <div class="page options-page">
      <header class="page-header">
        <h1>{t('optionsPageTitle')}</h1>
      </header>
      <main>
        <section class="card" aria-labelledby="sec-server">
          <h2 id="sec-server">{t('optSectionServer')}</h2>
          <p class="status-line" data-testid="binding-state">
            {binding?.kind === 'bound' ? t('optBound') : t('optNotBound')}
          </p>
          <ServerField
            value={settings.serverUrl}
            defaultServer={store.defaultServer}
            error={errors.server}
            saved={saved === 'server'}
            onSave={(input) => void store.saveServer(input)}
          />
          {binding?.kind === 'bound' && (
            <div class="field">
              <button
                type="button"
                class="button danger"
                onClick={() => void store.unbind()}
                data-testid="unbind"
              >
                {t('optUnbind')}
              </button>
              <FieldMessage id="unbind-msg" error={errors.unbind} />
            </div>
          )}
        </section>

        <section class="card" aria-labelledby="sec-notif">
          <h2 id="sec-notif">{t('optSectionNotifications')}</h2>
          <CheckboxField
            id="notifications-enabled"
            label={t('optNotificationsLabel')}
            checked={settings.notificationsEnabled}
            onChange={(v) => void store.save('notifications', { notificationsEnabled: v })}
          />
          <CheckboxField
            id="require-interaction"
            label={t('optStickyLabel')}
            description={t(sticky ? 'optStickyHelp' : 'optStickyUnsupported')}
            checked={sticky && settings.requireInteraction}
            disabled={!sticky || !settings.notificationsEnabled}
            onChange={(v) => void store.save('notifications', { requireInteraction: v })}
          />
          <FieldMessage
            id="notifications-msg"
            error={errors.notifications}
            saved={saved === 'notifications'}
          />
          <CheckboxField
            id="sound"
            label={t('optSoundLabel')}
            checked={settings.sound}
            onChange={(v) => void store.save('sound', { sound: v })}
          >
            <button
              type="button"
              class="button small"
              onClick={() => void store.playSound()}
              data-testid="play-sound"
            >
              {t('optSoundPlay')}
            </button>
          </CheckboxField>
          <FieldMessage id="sound-msg" error={errors.sound} saved={saved === 'sound'} />
          <QuietHoursField
            value={settings.quietHours}
            error={errors.quietHours}
            saved={saved === 'quietHours'}
            onSave={(quietHours) => void store.save('quietHours', { quietHours })}
            onInvalid={() => store.reject('quietHours', 'optQuietInvalid')}
          />
          <MutedAppsField
            value={settings.mutedApps}
            knownApps={store.knownApps.value}
            error={errors.mutedApps}
            saved={saved === 'mutedApps'}
            onSave={(mutedApps) => void store.save('mutedApps', { mutedApps })}
            onInvalid={() => store.reject('mutedApps', 'optMutedInvalid')}
          />
        </section>

        <section class="card" aria-labelledby="sec-toolbar">
          <h2 id="sec-toolbar">{t('optSectionToolbar')}</h2>
          <ToolbarField
            value={settings.toolbarOpens}
            toolbar={toolbar}
            error={errors.toolbar}
            saved={saved === 'toolbar'}
            onSave={(toolbarOpens) => void store.save('toolbar', { toolbarOpens })}
          />
        </section>

        <section class="card" aria-labelledby="sec-history">
          <h2 id="sec-history">{t('optSectionHistory')}</h2>
          <RetentionField
            days={settings.retentionDays}
            error={errors.retention}
            saved={saved === 'retention'}
            onSave={(retentionDays) => void store.save('retention', { retentionDays })}
            onInvalid={() => store.reject('retention', 'optRetentionInvalid')}
          />
          <CheckboxField
            id="block-images"
            label={t('optBlockImagesLabel')}
            description={t('optBlockImagesHelp')}
            checked={settings.blockImages}
            onChange={(v) => void store.save('blockImages', { blockImages: v })}
          />
          <FieldMessage
            id="block-images-msg"
            error={errors.blockImages}
            saved={saved === 'blockImages'}
          />
          <div class="field">
            <button
              type="button"
              class="button"
              onClick={() => void store.exportHistory().then(setExported)}
              data-testid="export"
            >
              {t('optExport')}
            </button>
            <p class="field-saved" aria-live="polite" data-testid="export-result">
              {exported !== null && !errors.export ? t('optExported', exported) : ''}
            </p>
            <FieldMessage id="export-msg" error={errors.export} />
          </div>
        </section>

        <section class="card" aria-labelledby="sec-reset">
          <h2 id="sec-reset">{t('optSectionReset')}</h2>
          <p class="field-desc">{t('optResetHelp')}</p>
          <button
            type="button"
            class="button"
            onClick={() => void store.reset()}
            data-testid="reset"
          >
            {t('optReset')}
          </button>
          <FieldMessage id="reset-msg" error={errors.reset} saved={saved === 'reset'} />
        </section>
      </main>
    </div>
  );
}
