import { CheckCircleOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import {
  TRANSACTION_FILE_FORMATS,
  type TransactionFileFormat,
  type TransactionImportReport,
} from '@dossier/contract';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Input, Row, Segmented, Statistic, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ImportOutcome, ProblemTable } from './ImportProblems.tsx';
import { TargetSwitch } from './ImportTargetSwitch.tsx';
import {
  type ImportTarget,
  formatOfFile,
  importTransactions,
  rejectedTransactionReport,
} from './imports.api.ts';

const SOURCE_PATTERN = /^[a-z0-9_.-]{1,64}$/;

function TransactionReportView({ report }: { report: TransactionImportReport }) {
  const t = useT();
  const i = t.imports;
  const x = i.transactions;
  return (
    <Flex vertical gap={16}>
      <Row gutter={16}>
        {report.statements !== null ? (
          <Col xs={12} md={4}>
            <Statistic title={x.statements} value={report.statements} />
          </Col>
        ) : null}
        <Col xs={12} md={4}>
          <Statistic title={x.entries} value={report.entries} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={x.accounts} value={report.accounts} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={report.committed ? x.inserted : x.new}
            value={report.inserted}
            styles={{ content: { color: '#389e0d' } }}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={x.duplicates} value={report.duplicates} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={i.problems}
            value={report.problems.length}
            styles={{ content: { color: report.problems.length > 0 ? '#cf1322' : undefined } }}
          />
        </Col>
      </Row>
      {report.problems.length > 0 ? (
        <div>
          <Typography.Title level={5}>{i.problemTable}</Typography.Title>
          <ProblemTable problems={report.problems} target="transactions" />
        </div>
      ) : null}
      {report.columns.length > 0 ? (
        <div>
          <Typography.Title level={5} style={{ marginBottom: 8 }}>
            {i.mapping}
          </Typography.Title>
          <Flex gap={8} wrap data-testid="import-mapping">
            {report.columns.map((c) => (
              <Tag key={c.column} color={c.field ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
                {c.column} →{' '}
                {c.field ? ((i.transactionFields as Record<string, string>)[c.field] ?? c.field) : i.ignored}
              </Tag>
            ))}
          </Flex>
        </div>
      ) : null}
    </Flex>
  );
}

/**
 * Statements (camt.053) and tables of transactions from core banking: checked in full first, then
 * stored all or nothing; a file imported twice adds nothing the second time.
 */
export function TransactionImport({
  targets,
  onTarget,
}: {
  targets: ImportTarget[];
  onTarget: (next: ImportTarget) => void;
}) {
  const t = useT();
  const i = t.imports;
  const x = i.transactions;
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<TransactionFileFormat>('camt053');
  const [source, setSource] = useState('');
  const sourceOk = source.trim() === '' || SOURCE_PATTERN.test(source.trim());
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      if (!file) throw new Error('no file');
      return importTransactions(file, { dryRun, format, source: source.trim() });
    },
  });
  const refused = run.isError ? rejectedTransactionReport(run.error) : null;
  const report = run.data ?? refused;
  const dryRunReport = run.data?.dryRun ? run.data : null;
  const committed = run.data && !run.data.dryRun ? run.data : null;

  return (
    <>
      <PageHeader title={i.title} subtitle={x.subtitle} />
      <Flex vertical gap={16}>
        <Card>
          <Flex vertical gap={16}>
            <TargetSwitch
              value="transactions"
              targets={targets}
              onChange={(next) => {
                run.reset();
                onTarget(next);
              }}
            />
            <Upload.Dragger
              accept=".xml,.csv,.xlsx,application/xml,text/xml,text/csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(chosen) => {
                setFile(chosen);
                setFormat(formatOfFile(chosen.name));
                run.reset();
                return false;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">
                {file ? i.fileChosen(file.name, (file.size / 1024).toFixed(1)) : x.chooseFile}
              </p>
              <p className="ant-upload-hint">{x.fileHint}</p>
            </Upload.Dragger>
            <Flex gap={12} align="center" wrap>
              <Typography.Text>{x.format}</Typography.Text>
              <Segmented<TransactionFileFormat>
                value={format}
                onChange={(next) => {
                  setFormat(next);
                  run.reset();
                }}
                options={TRANSACTION_FILE_FORMATS.map((f) => ({ value: f, label: x.formats[f] }))}
                data-testid="import-format"
              />
            </Flex>
            <Flex gap={12} align="flex-start" wrap>
              <Typography.Text style={{ lineHeight: '32px' }}>{i.source}</Typography.Text>
              <Flex vertical gap={2}>
                <Input
                  style={{ width: 220 }}
                  maxLength={64}
                  placeholder={format}
                  value={source}
                  status={sourceOk ? undefined : 'error'}
                  onChange={(event) => {
                    setSource(event.target.value);
                    run.reset();
                  }}
                  data-testid="import-source"
                />
                {sourceOk ? null : (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {x.sourceInvalid}
                  </Typography.Text>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>
                {x.sourceHint}
              </Typography.Text>
            </Flex>
            <Flex gap={8}>
              <Button
                type={dryRunReport ? 'default' : 'primary'}
                icon={<FileSearchOutlined />}
                disabled={!file || !sourceOk}
                loading={run.isPending && run.variables?.dryRun === true}
                onClick={() => run.mutate({ dryRun: true })}
                data-testid="import-check"
              >
                {i.check}
              </Button>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                disabled={!dryRunReport || dryRunReport.problems.length > 0}
                loading={run.isPending && run.variables?.dryRun === false}
                onClick={() => run.mutate({ dryRun: false })}
                data-testid="import-commit"
              >
                {i.commit}
              </Button>
            </Flex>
          </Flex>
        </Card>
        {run.isError && !refused ? <ErrorAlert error={run.error} /> : null}
        <ImportOutcome
          refused={refused !== null}
          dryRun={
            dryRunReport
              ? {
                  problems: dryRunReport.problems.length,
                  okTitle: x.dryRunOk(dryRunReport.inserted, dryRunReport.duplicates),
                }
              : null
          }
          committed={committed ? { title: x.committed(committed.inserted, committed.duplicates) } : null}
        />
        {report ? (
          <Card>
            <TransactionReportView report={report} />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
