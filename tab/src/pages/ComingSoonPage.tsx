import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

/** Stands in for a view whose code is not in this build. */
export default function ComingSoonPage({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title={`${title} is not available in this build yet.`} />
    </>
  );
}
