import { useT } from "../../utils/i18n";
import { Field } from "../Field";

/*
 * The fields an admin sets on an account, shared by the form that creates one (/admin) and the
 * form that edits one (/admin/users/:id).
 */

export function RoleField({
  roles,
  value,
  error,
}: {
  roles: readonly string[];
  value: string;
  error?: string;
}) {
  const { t } = useT();
  return (
    <Field id="role" label={t("admin.user.role")} error={error}>
      <select id="role" name="role" defaultValue={value}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function UnitField({
  units,
  value,
  error,
  noneKey,
}: {
  units: ReadonlyArray<{ id: number; name: string }>;
  value: string;
  error?: string;
  /** how the empty choice reads */
  noneKey: string;
}) {
  const { t } = useT();
  return (
    <Field
      id="departmentId"
      label={t("admin.user.department")}
      error={error}
      hint={t("admin.user.departmentHint")}
    >
      <select id="departmentId" name="departmentId" defaultValue={value}>
        <option value="">{t(noneKey)}</option>
        {units.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function LocaleField({ value, error }: { value: string; error?: string }) {
  const { t } = useT();
  return (
    <Field id="locale" label={t("admin.user.locale")} error={error}>
      <select id="locale" name="locale" defaultValue={value}>
        <option value="zh-CN">中文</option>
        <option value="en">English</option>
      </select>
    </Field>
  );
}
