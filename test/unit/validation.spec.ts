import { ArgumentMetadata } from '@nestjs/common';
import { ProblemException } from '../../src/common/problem';
import { ValidationError } from 'class-validator';
import { ParseIdPipe } from '../../src/common/parse-id.pipe';
import { createValidationPipe, describeValidationErrors } from '../../src/common/validation';
import { isCalendarDate, isTimestamp } from '../../src/common/validators';
import { ImportEmailsDto } from '../../src/emails/import-emails.dto';
import { PendingEmailsQueryDto } from '../../src/emails/pending-emails-query.dto';

function error(
  property: string,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
) {
  return Object.assign(new ValidationError(), { property, constraints, children });
}

describe('describeValidationErrors', () => {
  it('names the record and the field of every problem', () => {
    const tree = [
      error('emails', undefined, [
        error('3', undefined, [
          error('stop_sales', undefined, [
            error('0', undefined, [
              error('date_to', { isDateAfter: 'must not be before date_from' }),
            ]),
          ]),
          error('subject', { isText: 'must be a string', other: 'second problem' }),
        ]),
      ]),
      error('limit', { isIntBetween: 'must be an integer from 1 to 200' }),
    ];
    expect(describeValidationErrors(tree)).toEqual([
      {
        field: 'emails[3].stop_sales[0].date_to',
        code: 'IS_DATE_AFTER',
        message: 'must not be before date_from',
      },
      { field: 'emails[3].subject', code: 'IS_TEXT', message: 'must be a string' },
      { field: 'emails[3].subject', code: 'OTHER', message: 'second problem' },
      { field: 'limit', code: 'IS_INT_BETWEEN', message: 'must be an integer from 1 to 200' },
    ]);
  });

  it('returns nothing for no errors', () => {
    expect(describeValidationErrors([])).toEqual([]);
  });
});

describe('date checks', () => {
  it.each([
    ['2025-02-28', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-13-01', false],
    ['2025-04-31', false],
    ['2025-1-5', false],
    ['15.01.2025', false],
    ['2025-01-15T00:00:00Z', false],
    [20250115, false],
  ])('isCalendarDate(%j) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['2025-01-15T09:30:00Z', true],
    ['2025-01-15T09:30Z', true],
    ['2025-01-15T09:30:00.123+03:00', true],
    ['2025-01-15T09:30:00+0300', true],
    ['2025-01-15T09:30:00', false],
    ['2025-02-30T09:30:00Z', false],
    ['2025-01-15T24:00:00Z', false],
    ['2025-01-15 09:30:00Z', false],
    ['yesterday', false],
  ])('isTimestamp(%j) is %s', (value, expected) => {
    expect(isTimestamp(value)).toBe(expected);
  });
});

describe('import validation', () => {
  const pipe = createValidationPipe();
  const body: ArgumentMetadata = { type: 'body', metatype: ImportEmailsDto };

  async function detailOf(value: unknown, metadata = body): Promise<string> {
    try {
      await pipe.transform(value, metadata);
    } catch (err) {
      expect(err).toBeInstanceOf(ProblemException);
      return ((err as ProblemException).getResponse() as { detail: string }).detail;
    }
    throw new Error('expected a validation error');
  }

  const stopSaleEmail = {
    message_id: 'm1',
    subject: ' Stop sale ',
    sender: 'h@x.test',
    received_at: '2025-04-10T09:30:00Z',
    email_type: 'stopsale',
    stop_sales: [
      {
        hotel_name: 'Mandarin',
        date_from: '2025-04-13',
        date_to: '2025-04-13',
        room_types: ['dbl', 'Dbl', 'stdsv'],
        board_types: null,
        is_close: true,
      },
    ],
  };

  it('accepts a valid e-mail, trimming text and upper-casing codes once each', async () => {
    const dto = (await pipe.transform({ emails: [stopSaleEmail] }, body)) as ImportEmailsDto;
    expect(dto.emails[0].subject).toBe('Stop sale');
    expect(dto.emails[0].stop_sales?.[0].room_types).toEqual(['DBL', 'STDSV']);
  });

  it('names the record and field of a bad nested value', async () => {
    const bad = {
      ...stopSaleEmail,
      stop_sales: [{ ...stopSaleEmail.stop_sales[0], date_to: '2025-04-12' }],
    };
    expect(await detailOf({ emails: [stopSaleEmail, stopSaleEmail, bad] })).toBe(
      'emails[2].stop_sales[0].date_to: must not be before date_from',
    );
  });

  it('keeps stop sales out of reservation e-mails', async () => {
    expect(await detailOf({ emails: [{ ...stopSaleEmail, email_type: 'reservation' }] })).toBe(
      'emails[0].stop_sales: only allowed in an e-mail whose email_type is stopsale',
    );
  });

  it('names a bad query parameter', async () => {
    const query: ArgumentMetadata = { type: 'query', metatype: PendingEmailsQueryDto };
    expect(await detailOf({ limit: '0' }, query)).toBe('limit: must be an integer from 1 to 50');
    expect(await detailOf({ limit: '2.5' }, query)).toBe('limit: must be an integer from 1 to 50');
    const clamped = (await pipe.transform({ limit: '500' }, query)) as PendingEmailsQueryDto;
    expect(clamped.limit).toBe(50);
    const dto = (await pipe.transform({ type: 'stopsale' }, query)) as PendingEmailsQueryDto;
    expect(dto).toMatchObject({ type: 'stopsale', page: 1, limit: 50 });
  });
});

describe('ParseIdPipe', () => {
  const pipe = new ParseIdPipe();

  it('accepts serial ids', () => {
    expect(pipe.transform('1')).toBe(1);
    expect(pipe.transform('2147483647')).toBe(2147483647);
  });

  it.each(['0', '-1', 'abc', '1.5', '1e3', '2147483648', ''])(
    'rejects %j naming the parameter',
    (value) => {
      expect(() => pipe.transform(value)).toThrow(ProblemException);
    },
  );

  it.each(['0x10', '1e3', ' 7'])(
    'gets %j from the global pipe as sent, not as +value',
    async (value) => {
      const param: ArgumentMetadata = { type: 'param', metatype: Number, data: 'id' };
      const passed = (await createValidationPipe().transform(value, param)) as string;
      expect(passed).toBe(value);
      expect(() => pipe.transform(passed)).toThrow(ProblemException);
    },
  );
});
