import { toCsv } from './csv';

describe('toCsv', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(
      toCsv(
        ['name', 'cost'],
        [
          ['plain', '12.50'],
          ['with, comma', '-3.20'],
          ['say "hi"', 1],
          ['=HYPERLINK("http://x")', null],
          ['+1+2', '@SUM(A1)'],
          ['-cmd', 'line\nbreak'],
        ],
      ),
    ).toBe(
      [
        'name,cost',
        'plain,12.50',
        '"with, comma",-3.20',
        '"say ""hi""",1',
        `"'=HYPERLINK(""http://x"")",`,
        `"'+1+2","'@SUM(A1)"`,
        `"'-cmd","line\nbreak"`,
        '',
      ].join('\r\n'),
    );
  });
});
