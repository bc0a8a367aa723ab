import { Link } from '@fluentui/react-components';
import { formatHash } from '../routing/routes';

/** A department's name, linking to its page in the department view ('—' for none). */
export function DepartmentLink({ department }: { department: string | null | undefined }) {
  const name = department?.trim();
  if (!name) return <>—</>;
  return <Link href={formatHash('department', undefined, name)}>{name}</Link>;
}
