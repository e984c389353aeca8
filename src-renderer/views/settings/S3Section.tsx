// Settings → S3 bucket: where the `s3` destination puts images (bucket, prefix, region, endpoint), how
// links are made (a public base URL, or presigned links and their lifetime), and its keys (keychain).
import type { Settings } from '../../../src-shared/settings.ts';
import { SecretField } from '../../components/SecretField.tsx';
import { Switch } from '../../components/Switch.tsx';
import { TextSetting } from '../../components/TextSetting.tsx';
import { useShared } from '../../state.tsx';

export function S3Section({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  const s3 = settings.s3;
  const save = (patch: Partial<Settings['s3']>) => updateSettings({ s3: patch });
  return (
    <section className="panel">
      <h2 className="section-title">S3 bucket</h2>
      <p className="muted small">
        Upload to your own bucket on AWS S3 or any S3-compatible store (Cloudflare R2, MinIO, Ceph, Swift).
      </p>
      <TextSetting
        key={`bucket:${s3.bucket}`}
        label="Bucket"
        value={s3.bucket}
        onSave={(bucket) => save({ bucket })}
      />
      <TextSetting
        key={`prefix:${s3.prefix}`}
        label="Key prefix"
        description="Put before every object's name, e.g. screenshots/."
        value={s3.prefix}
        onSave={(prefix) => save({ prefix })}
      />
      <TextSetting
        key={`region:${s3.region}`}
        label="Region"
        description="Empty: AWS_REGION, else us-east-1."
        value={s3.region}
        onSave={(region) => save({ region })}
      />
      <TextSetting
        key={`endpoint:${s3.endpoint}`}
        label="Endpoint"
        description="Empty for AWS; the store's address for R2, MinIO, Ceph or Swift."
        value={s3.endpoint}
        onSave={(endpoint) => save({ endpoint })}
      />
      <TextSetting
        key={`public:${s3.publicBaseUrl}`}
        label="Public base URL"
        description="A public bucket's or CDN's address: links are this followed by the object's name. Empty: presigned links."
        value={s3.publicBaseUrl}
        onSave={(publicBaseUrl) => save({ publicBaseUrl })}
      />
      <TextSetting
        key={`days:${s3.presignDays}`}
        label="Presigned links work for (days)"
        description="1 to 7; shown as the expiry in History."
        value={String(s3.presignDays)}
        onSave={(days) => save({ presignDays: Number(days) })}
      />
      <Switch
        label="Make each object public-read"
        description="For public buckets without a bucket policy."
        checked={s3.publicRead}
        onChange={(publicRead) => void save({ publicRead })}
      />
      <SecretField account="s3-access-key-id" label="Access key id" />
      <SecretField account="s3-secret-access-key" label="Secret access key" />
    </section>
  );
}
