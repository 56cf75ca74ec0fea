import { CheckCircleOutlined, DownloadOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import type { DuplicatePolicy, ImportProblem, ImportReport } from '@dossier/contract';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Radio,
  Row,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { importClients, rejectedReport, templateCsv } from './imports.api.ts';

function fieldLabel(t: Dictionary, field: string | null): string {
  if (!field) return '';
  const top = field.split('.')[0] ?? field;
  return (t.fields as Record<string, string>)[top] ?? field;
}

function downloadTemplate(): void {
  const url = URL.createObjectURL(templateCsv());
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = '客户导入模板.csv';
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ProblemTable({ problems }: { problems: ImportProblem[] }) {
  const t = useT();
  const c = t.imports.problemColumns;
  const columns: TableColumnsType<ImportProblem> = [
    {
      title: c.row,
      dataIndex: 'row',
      width: 72,
      render: (row: number) => <Typography.Text strong>{row}</Typography.Text>,
    },
    {
      title: c.column,
      dataIndex: 'column',
      width: 160,
      render: (column: string | null) =>
        column ?? <Typography.Text type="secondary">{t.imports.wholeRow}</Typography.Text>,
    },
    {
      title: c.field,
      dataIndex: 'field',
      width: 140,
      render: (field: string | null) => fieldLabel(t, field),
    },
    { title: c.message, dataIndex: 'message', render: (message: string) => serverMessage(t, message) },
  ];
  return (
    <Table<ImportProblem>
      rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.field ?? ''}-${p.message}`}
      size="small"
      columns={columns}
      dataSource={problems}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={() => ({ 'data-testid': 'import-problem' }) as HTMLAttributes<HTMLElement>}
    />
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const t = useT();
  const i = t.imports;
  const dupColumns: TableColumnsType<ImportReport['duplicates'][number]> = [
    { title: i.duplicateColumns.row, dataIndex: 'row', width: 72 },
    {
      title: i.duplicateColumns.by,
      dataIndex: 'by',
      width: 160,
      render: (by: 'idNumber' | 'creditCode') => i.by[by],
    },
    {
      title: i.duplicateColumns.existing,
      dataIndex: 'existingClientId',
      width: 140,
      render: (id: number | null) => (id ? <Link to={`/clients/${id}`}>{`#${id}`}</Link> : t.common.empty),
    },
    {
      title: i.duplicateColumns.action,
      dataIndex: 'action',
      render: (action: DuplicatePolicy) => i.policies[action],
    },
  ];
  return (
    <Flex vertical gap={16}>
      <Row gutter={16}>
        <Col xs={12} md={6}>
          <Statistic title={i.rows} value={report.rows} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={i.valid} value={report.valid} styles={{ content: { color: '#389e0d' } }} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={i.duplicates} value={report.duplicates.length} />
        </Col>
        <Col xs={12} md={6}>
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
          <ProblemTable problems={report.problems} />
        </div>
      ) : null}
      {report.duplicates.length > 0 ? (
        <div>
          <Typography.Title level={5}>{i.duplicateTable}</Typography.Title>
          <Table
            rowKey="row"
            size="small"
            columns={dupColumns}
            dataSource={report.duplicates}
            pagination={report.duplicates.length > 10 ? { pageSize: 10 } : false}
          />
        </div>
      ) : null}
      <div>
        <Typography.Title level={5} style={{ marginBottom: 4 }}>
          {i.mapping}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {i.mappingHint}
        </Typography.Paragraph>
        <Flex gap={8} wrap data-testid="import-mapping">
          {report.columns.map((c) => (
            <Tag key={c.column} color={c.field ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
              {c.column} → {c.field ? fieldLabel(t, c.field) : i.ignored}
            </Tag>
          ))}
        </Flex>
      </div>
    </Flex>
  );
}

export function ImportPage() {
  const t = useT();
  const i = t.imports;
  useDocumentTitle(i.title);
  const [file, setFile] = useState<File | null>(null);
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip');
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      if (!file) throw new Error('no file');
      return importClients(file, { dryRun, onDuplicate: policy });
    },
  });

  const choose = (next: File | null) => {
    setFile(next);
    run.reset();
  };

  const refused = run.isError ? rejectedReport(run.error) : null;
  const report = run.data ?? refused;
  const dryRunReport = run.data?.dryRun ? run.data : null;
  const committed = run.data && !run.data.dryRun ? run.data : null;

  return (
    <>
      <PageHeader
        title={i.title}
        subtitle={i.subtitle}
        extra={
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="import-template">
            {i.template}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Flex vertical gap={16}>
            <Upload.Dragger
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(chosen) => {
                choose(chosen);
                return false;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">
                {file ? i.fileChosen(file.name, (file.size / 1024).toFixed(1)) : i.chooseFile}
              </p>
              <p className="ant-upload-hint">{i.fileHint}</p>
            </Upload.Dragger>
            <Typography.Text type="secondary">{i.templateHint}</Typography.Text>
            <Flex gap={12} align="center" wrap>
              <Typography.Text>{i.onDuplicate}</Typography.Text>
              <Radio.Group
                value={policy}
                onChange={(event) => {
                  setPolicy(event.target.value as DuplicatePolicy);
                  run.reset();
                }}
                options={(['skip', 'update', 'fail'] as const).map((p) => ({
                  value: p,
                  label: i.policies[p],
                }))}
              />
            </Flex>
            <Flex gap={8}>
              <Button
                type={dryRunReport ? 'default' : 'primary'}
                icon={<FileSearchOutlined />}
                disabled={!file}
                loading={run.isPending && run.variables?.dryRun === true}
                onClick={() => run.mutate({ dryRun: true })}
                data-testid="import-check"
              >
                {i.check}
              </Button>
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                disabled={!dryRunReport}
                danger={(dryRunReport?.problems.length ?? 0) > 0}
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
        {refused ? (
          <Alert
            type="error"
            showIcon
            title={i.rejectedTitle}
            description={i.rejectedText}
            data-testid="import-rejected"
          />
        ) : null}
        {dryRunReport ? (
          dryRunReport.problems.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={i.dryRunBad(dryRunReport.problems.length)}
              data-testid="import-dry-run"
            />
          ) : (
            <Alert type="info" showIcon title={i.dryRunOk(dryRunReport.valid)} data-testid="import-dry-run" />
          )
        ) : null}
        {committed ? (
          <Alert
            type="success"
            showIcon
            title={i.committed(committed.created, committed.updated, committed.skipped)}
            action={<Link to="/clients">{t.common.backToList}</Link>}
            data-testid="import-committed"
          />
        ) : null}
        {report ? (
          <Card>
            <ReportView report={report} />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
