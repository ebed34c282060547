import { ChangeEvent, useState } from 'react';
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

/** Imports rules from CSV: a preview checked row by row, then the API's report. */
export function RulesCsvImport(props: RulesCsvImportProps) {
  const { viewKey, onImported } = props;
  const classes = useStyles();
  const finopsApi = useApi(finopsApiRef);
  const [text, setText] = useState('');
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<RulesReport | undefined>();
  const [error, setError] = useState<string | undefined>();

  const { header, rows } = parseRulesCsv(text);
  const invalid = rows.filter(row => row.error).length;

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
                    {row.error ? (
                      <Typography variant="body2" color="error">
                        {row.error}
                      </Typography>
                    ) : (
                      <Typography variant="body2">OK</Typography>
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
          disabled={importing || rows.length === 0}
          onClick={importRules}
        >
          {importing ? 'Importing…' : 'Import'}
        </Button>
        {rows.length > 0 && (
          <Typography variant="body2" color="textSecondary">
            {rows.length} rows, {invalid} with problems (the API will reject
            them and add the others)
          </Typography>
        )}
      </div>
      {error && (
        <Typography color="error" role="alert">
          Import failed: {error}
        </Typography>
      )}
      {report && (
        <Box role="status" aria-label="Import report">
          <Typography>
            {report.added} rules added, {report.rejected.length} rejected.
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
