import { describe, expect, it } from 'vitest';
import { fieldMessage, parseErrorBody, withQuery } from '../../src/api/http.ts';

describe('parseErrorBody', () => {
  it('keeps code, field, issues and details of the API error body', () => {
    const error = parseErrorBody(409, {
      error: {
        code: 'client.duplicate_credit_code',
        message: 'A client with this unified social credit code already exists',
        field: 'creditCode',
        details: { existingClientId: 708 },
      },
    });
    expect(error.status).toBe(409);
    expect(error.code).toBe('client.duplicate_credit_code');
    expect(error.field).toBe('creditCode');
    expect(error.details.existingClientId).toBe(708);
  });

  it('reads field issues and finds the message of the error’s own field', () => {
    const error = parseErrorBody(400, {
      error: {
        code: 'request.invalid',
        message: 'name: is required',
        field: 'name',
        issues: [
          { field: 'name', message: 'is required' },
          {
            field: 'contacts.0.phone',
            message: 'must be a mobile number or a landline such as 010-12345678',
          },
        ],
      },
    });
    expect(error.issues).toHaveLength(2);
    expect(fieldMessage(error)).toBe('is required');
  });

  it('turns a body that is not an API error into an "http" error with the status', () => {
    const error = parseErrorBody(502, '<html>Bad gateway</html>');
    expect(error.code).toBe('http');
    expect(error.message).toBe('HTTP 502');
  });

  it('keeps the message of a code the contract does not know yet', () => {
    const error = parseErrorBody(400, { error: { code: 'client.something_new', message: 'Explained' } });
    expect(error.code).toBe('http');
    expect(error.message).toBe('Explained');
  });
});

describe('withQuery', () => {
  it('leaves out empty filters', () => {
    expect(withQuery('/api/clients', { q: '张', tier: undefined, ownerId: null, status: '', page: 2 })).toBe(
      '/api/clients?q=%E5%BC%A0&page=2',
    );
    expect(withQuery('/api/clients', {})).toBe('/api/clients');
  });
});
