import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Domain } from '@finops-backstage/plugin-finops-common';
import { DomainsContent } from './DomainsContent';
import { permissionRendererOf } from '../../__testUtils__/renderWithPermission';

const domains: Domain[] = [
  { key: 'AWS', name: 'Amazon Web Services', mode: 'DIRECT' },
  {
    key: 'SHARED',
    name: 'Shared platform',
    mode: 'INDIRECT',
    indirectMethodKey: 'cpu-hours',
    indirectLabel: 'Share of platform by CPU hours',
  },
];

const renderWith = permissionRendererOf(<DomainsContent />);

describe('DomainsContent', () => {
  it('lists the domains read-only without finops.domain.update', async () => {
    const permissionApi = renderWith(
      { listDomains: jest.fn(async () => domains) },
      AuthorizeResult.DENY,
    );
    const table = await screen.findByRole('table', { name: 'Cost domains' });
    expect(table).toHaveTextContent('Amazon Web Services');
    expect(table).toHaveTextContent('DIRECT');
    expect(table).toHaveTextContent('INDIRECT');
    expect(table).toHaveTextContent('cpu-hours');
    expect(table).toHaveTextContent('Share of platform by CPU hours');
    await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: /Edit/ })).toBeNull();
  });

  it('edits a domain with finops.domain.update and shows API errors', async () => {
    const updateDomain = jest
      .fn()
      .mockRejectedValueOnce(new Error('Unknown indirect method'))
      .mockImplementation(async (key: string, update: Partial<Domain>) => ({
        ...domains[0],
        key,
        ...update,
      }));
    const listDomains = jest.fn(async () => domains);
    renderWith({ listDomains, updateDomain }, AuthorizeResult.ALLOW);

    fireEvent.click(await screen.findByRole('button', { name: 'Edit AWS' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Mode'), {
      target: { value: 'INDIRECT' },
    });
    fireEvent.change(within(dialog).getByLabelText('Indirect method key'), {
      target: { value: 'gb-hours' },
    });
    fireEvent.change(within(dialog).getByLabelText('Indirect label'), {
      target: { value: 'Share of AWS' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await within(dialog).findByText('Unknown indirect method'),
    ).toBeInTheDocument();
    expect(updateDomain).toHaveBeenCalledWith('AWS', {
      mode: 'INDIRECT',
      indirectMethodKey: 'gb-hours',
      indirectLabel: 'Share of AWS',
    });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(updateDomain).toHaveBeenCalledTimes(2);
    expect(listDomains).toHaveBeenCalledTimes(2);
  });

  it('shows an error when the domains cannot be loaded', async () => {
    renderWith(
      {
        listDomains: jest.fn(async () => {
          throw new Error('mart unavailable');
        }),
      },
      AuthorizeResult.ALLOW,
    );
    expect(
      await screen.findByText(/Could not load the domains/),
    ).toBeInTheDocument();
    expect(document.body.textContent).toContain('mart unavailable');
  });
});
