import { CheckCircleOutlined, DownloadOutlined, FileSearchOutlined, InboxOutlined } from '@ant-design/icons';
import { CLIENT_IMPORT_FIELDS, type DuplicatePolicy, type ImportReport } from '@dossier/contract';
import { useMutation } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Flex,
  Input,
  Radio,
  Row,
  Select,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/zh.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ImportOutcome, ProblemTable, fieldLabel } from './ImportProblems.tsx';
import { TargetSwitch, useTargets } from './ImportTargetSwitch.tsx';
import { TransactionImport } from './TransactionImport.tsx';
import { type ImportTarget, importFile, rejectedReport, saveMapping, templateCsv } from './imports.api.ts';

function downloadTemplate(t: Dictionary, target: ImportTarget): void {
  const url = URL.createObjectURL(templateCsv(target));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = target === 'clients' ? t.imports.templateFile : t.imports.relationshipTemplateFile;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

type ColumnMap = Record<string, string | null>;

function columnMapOf(report: ImportReport): ColumnMap {
  return Object.fromEntries(report.columns.map((c) => [c.column, c.field]));
}

/** How each column was read; for client files each can be changed, saved for the source and checked again. */
function MappingEditor({
  report,
  saving,
  onSave,
}: {
  report: ImportReport;
  saving: boolean;
  onSave: (columns: ColumnMap) => void;
}) {
  const t = useT();
  const i = t.imports;
  const [draft, setDraft] = useState<ColumnMap>(() => columnMapOf(report));
  useEffect(() => setDraft(columnMapOf(report)), [report]);
  const changed = JSON.stringify(draft) !== JSON.stringify(columnMapOf(report));
  const options = [
    { value: '', label: i.ignored },
    ...CLIENT_IMPORT_FIELDS.map((field) => ({ value: field, label: fieldLabel(t, field) })),
  ];
  return (
    <Flex vertical gap={8}>
      <Row gutter={[12, 8]} data-testid="import-mapping">
        {report.columns.map((c) => (
          <Col key={c.column} xs={24} md={12} xl={8}>
            <Flex align="center" gap={8}>
              <Typography.Text ellipsis style={{ width: 120, flexShrink: 0 }} title={c.column}>
                {c.column}
              </Typography.Text>
              <Typography.Text type="secondary">→</Typography.Text>
              <Select
                size="small"
                style={{ flex: 1, minWidth: 0 }}
                showSearch={{ optionFilterProp: 'label' }}
                value={draft[c.column] ?? ''}
                options={options}
                onChange={(value: string) => setDraft({ ...draft, [c.column]: value === '' ? null : value })}
                data-testid={`mapping-${c.column}`}
              />
            </Flex>
          </Col>
        ))}
      </Row>
      {changed ? (
        <div>
          <Button type="primary" loading={saving} onClick={() => onSave(draft)} data-testid="mapping-save">
            {i.saveMapping}
          </Button>
        </div>
      ) : null}
    </Flex>
  );
}

function ReportView({
  report,
  target,
  mapping,
}: {
  report: ImportReport;
  target: ImportTarget;
  mapping?: { saving: boolean; onSave: (columns: ColumnMap) => void };
}) {
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
          <ProblemTable problems={report.problems} target={target} />
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
          {target === 'clients' ? i.mappingHint : i.relationshipMappingHint}
        </Typography.Paragraph>
        {target === 'clients' && mapping ? (
          <MappingEditor report={report} saving={mapping.saving} onSave={mapping.onSave} />
        ) : (
          <Flex gap={8} wrap data-testid="import-mapping">
            {report.columns.map((c) => (
              <Tag key={c.column} color={c.field ? 'blue' : 'default'} style={{ marginInlineEnd: 0 }}>
                {c.column} → {c.field ? fieldLabel(t, c.field, target) : i.ignored}
              </Tag>
            ))}
          </Flex>
        )}
      </div>
    </Flex>
  );
}

export function ImportPage() {
  const t = useT();
  useDocumentTitle(t.imports.title);
  const targets = useTargets();
  const [target, setTarget] = useState<ImportTarget>(targets[0] ?? 'clients');
  return target === 'transactions' ? (
    <TransactionImport targets={targets} onTarget={setTarget} />
  ) : (
    <ArchiveImport target={target} targets={targets} onTarget={setTarget} />
  );
}

/** Client files (with their contacts) and relationship files: checked first, stored all or nothing. */
function ArchiveImport({
  target,
  targets,
  onTarget,
}: {
  target: 'clients' | 'relationships';
  targets: ImportTarget[];
  onTarget: (next: ImportTarget) => void;
}) {
  const t = useT();
  const i = t.imports;
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [policy, setPolicy] = useState<DuplicatePolicy>('skip');
  const [source, setSource] = useState('default');
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => {
      if (!file) throw new Error('no file');
      return importFile(target, file, { dryRun, onDuplicate: policy, source: source.trim() || 'default' });
    },
  });
  const mapping = useMutation({
    mutationFn: (columns: ColumnMap) => saveMapping(source.trim() || 'default', columns),
    onSuccess: () => {
      message.success(i.mappingSaved(source.trim() || 'default'));
      run.mutate({ dryRun: true });
    },
  });

  const choose = (next: File | null) => {
    setFile(next);
    run.reset();
  };
  const switchTarget = (next: ImportTarget) => {
    onTarget(next);
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
          <Button
            icon={<DownloadOutlined />}
            onClick={() => downloadTemplate(t, target)}
            data-testid="import-template"
          >
            {i.template}
          </Button>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Flex vertical gap={16}>
            <TargetSwitch value={target} targets={targets} onChange={switchTarget} />
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
            <Typography.Text type="secondary">
              {target === 'clients' ? i.templateHint : i.relationshipTemplateHint}
            </Typography.Text>
            {target === 'clients' ? (
              <Flex gap={12} align="center" wrap>
                <Typography.Text>{i.source}</Typography.Text>
                <Input
                  style={{ width: 200 }}
                  maxLength={64}
                  value={source}
                  onChange={(event) => {
                    setSource(event.target.value);
                    run.reset();
                  }}
                  data-testid="import-source"
                />
                <Typography.Text type="secondary">{i.sourceHint}</Typography.Text>
              </Flex>
            ) : null}
            {target === 'clients' ? (
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
            ) : null}
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
        {mapping.isError ? <ErrorAlert error={mapping.error} /> : null}
        <ImportOutcome
          refused={refused !== null}
          dryRun={
            dryRunReport
              ? { problems: dryRunReport.problems.length, okTitle: i.dryRunOk(dryRunReport.valid) }
              : null
          }
          committed={
            committed
              ? {
                  title:
                    target === 'clients'
                      ? i.committed(committed.created, committed.updated, committed.skipped)
                      : i.relationshipsCommitted(committed.created),
                  action: <Link to="/clients">{t.common.backToList}</Link>,
                }
              : null
          }
        />
        {report ? (
          <Card>
            <ReportView
              report={report}
              target={target}
              mapping={{ saving: mapping.isPending, onSave: (columns) => mapping.mutate(columns) }}
            />
          </Card>
        ) : null}
      </Flex>
    </>
  );
}
