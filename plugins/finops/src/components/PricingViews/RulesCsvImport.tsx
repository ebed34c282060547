import { ChangeEvent, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@material-ui/core';
import { makeStyles } from '@material-ui/core/styles';
import { RulesReport } from '@finops-backstage/plugin-finops-common';
import { finopsApiRef } from '../../api';
import { RULE_CSV_COLUMNS, parseRulesCsv } from './ruleInput';
import { errorMessage } from '../shared';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
    margin: theme.spacing(1, 0),
  },
  preview: { maxHeight: 360, overflow: 'auto' },
}));

const EXAMPLE = `${RULE_CSV_COLUMNS.join(',')}\n,compute,,,0.7,2026-01,`;

/** Props of {@link RulesCsvImport}. */
export interface RulesCsvImportProps {
  viewKey: string;
  /** Called after the API answered, with its report. */
  onImported: (report: RulesReport) => void;
}

/**
 * Imports rules from CSV: a preview checked row by row, first here, then by the server in a dry
 * run (the same checks as the import, nothing written); the import is all or nothing.
 */
export function RulesCsvImport(props: RulesCsvImportProps) {
  const { viewKey, onImported } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [text, setText] = useState('');
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<RulesReport | undefined>();
  const [error, setError] = useState<string | undefined>();

  const { header, rows } = parseRulesCsv(text);
  // The server's dry run of what is typed, once the typing pauses.
  const [checkedText, setCheckedText] = useState(text);
  useDebounce(() => setCheckedText(text), 400, [text]);
  const dryRun = useAsync(async () => {
    if (parseRulesCsv(checkedText).rows.length === 0) return undefined;
    return finopsApi.checkPricingRules(viewKey, checkedText);
  }, [finopsApi, viewKey, checkedText]);
  const serverCheck =
    checkedText === text && !dryRun.loading && dryRun.value
      ? dryRun.value
      : undefined;
  const serverReasons = new Map(
    (serverCheck?.rejected ?? []).map(r => [r.index, r.reason]),
  );
  const rowError = (row: (typeof rows)[number]) =>
    serverCheck ? serverReasons.get(row.index) : row.error;
  const invalid = serverCheck
    ? serverCheck.rejected.length
    : rows.filter(row => row.error).length;
  const checking = rows.length > 0 && (checkedText !== text || dryRun.loading);
  const dryRunError =
    checkedText === text && !dryRun.loading && dryRun.error
      ? errorMessage(dryRun.error)
      : undefined;

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) {
      setText(await file.text());
      setReport(undefined);
    }
  };

  const importRules = async () => {
    setImporting(true);
    setError(undefined);
    setReport(undefined);
    try {
      const answer = await finopsApi.addPricingRules(viewKey, text);
      setReport(answer);
      onImported(answer);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setImporting(false);
    }
  };

  return (
    <Box>
      <Typography variant="body2" color="textSecondary" paragraph>
        Header <code>{RULE_CSV_COLUMNS.join(',')}</code>; one rule a line, one
        target and one of unitPrice or multiplier each.
      </Typography>
      <div className={classes.actions}>
        <Button variant="outlined" component="label">
          Choose a CSV file
          <input
            type="file"
            accept=".csv,text/csv"
            hidden
            aria-label="CSV file"
            onChange={readFile}
          />
        </Button>
      </div>
      <TextField
        id="finops-rules-csv"
        label="Rules CSV"
        multiline
        minRows={4}
        fullWidth
        variant="outlined"
        placeholder={EXAMPLE}
        value={text}
        onChange={event => {
          setText(event.target.value);
          setReport(undefined);
        }}
        inputProps={{ style: { fontFamily: 'monospace' } }}
      />
      {rows.length > 0 && (
        <div className={classes.preview}>
          <Table size="small" aria-label="CSV preview">
            <TableHead>
              <TableRow>
                <TableCell>Row</TableCell>
                {header.map(column => (
                  <TableCell key={column}>{column}</TableCell>
                ))}
                <TableCell>Check</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(row => (
                <TableRow key={row.index}>
                  <TableCell>{row.index + 1}</TableCell>
                  {header.map(column => (
                    <TableCell key={column}>
                      {row.cells[column] ?? ''}
                    </TableCell>
                  ))}
                  <TableCell>
                    {rowError(row) ? (
                      <Typography variant="body2" color="error">
                        {rowError(row)}
                      </Typography>
                    ) : (
                      <Typography variant="body2">
                        {serverCheck || !checking ? 'OK' : 'OK here, checking…'}
                      </Typography>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <div className={classes.actions}>
        <Button
          color="primary"
          variant="contained"
          disabled={
            importing ||
            rows.length === 0 ||
            Boolean(serverCheck && serverCheck.rejected.length > 0)
          }
          onClick={importRules}
        >
          {importing ? 'Importing…' : 'Import'}
        </Button>
        {rows.length > 0 && (
          <Typography
            variant="body2"
            color="textSecondary"
            role="status"
            aria-label="Server check"
          >
            {checking && 'Checking the file with the server…'}
            {serverCheck &&
              (invalid > 0
                ? `Checked by the server: ${rows.length} rows, ${invalid} with problems. Nothing is imported until every row is fixed.`
                : `Checked by the server: all ${rows.length} rows can be imported.`)}
            {!checking &&
              !serverCheck &&
              `${rows.length} rows, ${invalid} with problems here. The import is all or nothing.`}
          </Typography>
        )}
      </div>
      {dryRunError && (
        <Typography color="error" role="alert">
          The server could not check the file: {dryRunError}
        </Typography>
      )}
      {error && (
        <Typography color="error" role="alert">
          Import failed: {error}
        </Typography>
      )}
      {report && (
        <Box role="status" aria-label="Import report">
          <Typography>
            {report.added} rules added, {report.rejected.length} rejected.
            {report.added === 0 &&
              report.rejected.length > 0 &&
              ' Nothing was imported: fix these rows and import again.'}
          </Typography>
          {report.rejected.length > 0 && (
            <ul>
              {report.rejected.map(rejected => (
                <li key={rejected.index}>
                  <Typography variant="body2" color="error">
                    Row {rejected.index + 1}: {rejected.reason}
                  </Typography>
                </li>
              ))}
            </ul>
          )}
        </Box>
      )}
    </Box>
  );
}
