import { Link, usePageTitle } from './router';

export function NotFoundPage() {
  const heading = usePageTitle('Page not found');
  return (
    <section className="card">
      <h1 ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        This address does not lead anywhere in Accord. Go to the <Link to="/">portfolio</Link>.
      </p>
    </section>
  );
}
