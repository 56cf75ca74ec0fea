import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Tag, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/errorText.ts';
import { importEntries, type JsonSyntaxError, parseJson } from './ruleJson.ts';
import { type ImportOutcome, useImportRules } from './rules.api.ts';

/** What an import came to: the file, and each rule's outcome (or why the file could not be read). */
export type ImportReport =
  | { file: string; outcomes: ImportOutcome[] }
  | { file: string; syntax: JsonSyntaxError }
  | { file: string; empty: true };

/** 导入规则文件: reads a .json file and proposes each rule in it, then reports every rule's outcome. */
export function RuleImportButton({ onReport }: { onReport: (report: ImportReport | null) => void }) {
  const t = useT();
  const run = useImportRules();
  const [reading, setReading] = useState(false);

  const take = async (file: File) => {
    onReport(null);
    setReading(true);
    try {
      const parsed = parseJson(await file.text());
      if (!parsed.ok) return onReport({ file: file.name, syntax: parsed.error });
      const entries = importEntries(parsed.value);
      if (entries.length === 0) return onReport({ file: file.name, empty: true });
      const outcomes = await run.mutateAsync(entries);
      onReport({ file: file.name, outcomes });
    } finally {
      setReading(false);
    }
  };

  return (
    <Upload
      accept=".json,application/json"
      maxCount={1}
      showUploadList={false}
      beforeUpload={(file) => {
        void take(file);
        return false;
      }}
    >
      <Button icon={<UploadOutlined />} loading={reading} data-testid="rule-import">
        {t.rules.importFile}
      </Button>
    </Upload>
  );
}

function OutcomeLine({ outcome }: { outcome: ImportOutcome }) {
  const t = useT();
  const m = t.rules.import;
  const code = outcome.code ? (
    <Typography.Text code>{outcome.code}</Typography.Text>
  ) : (
    <Typography.Text type="secondary">{m.noCodeLabel}</Typography.Text>
  );
  let tag: ReactNode;
  let detail: ReactNode;
  if (outcome.status === 'proposed') {
    tag = <Tag color="processing">{m.proposed}</Tag>;
    detail = outcome.kind === 'new' ? m.proposedNew : m.proposedChange(outcome.rule.pending?.version ?? 0);
  } else if (outcome.status === 'refused') {
    const said = errorText(t, outcome.error);
    tag = <Tag color="error">{m.refused}</Tag>;
    detail = (
      <Typography.Text type="danger">
        {said.detail ? m.refusedWhy(said.title, said.detail) : said.title}
      </Typography.Text>
    );
  } else {
    tag = <Tag color="error">{m.refused}</Tag>;
    detail = (
      <Typography.Text type="danger">{outcome.reason === 'no_code' ? m.noCode : m.notObject}</Typography.Text>
    );
  }
  return (
    <List.Item
      data-testid="rule-import-outcome"
      data-rule-code={outcome.code ?? ''}
      data-status={outcome.status}
    >
      <Flex gap={8} align="baseline" wrap>
        {tag}
        {code}
        <span>{detail}</span>
      </Flex>
    </List.Item>
  );
}

/** Every rule of the file with its outcome: nothing half-done is left unsaid. */
export function RuleImportReport({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const t = useT();
  const m = t.rules.import;
  if ('syntax' in report) {
    const at = report.syntax;
    return (
      <Alert
        type="error"
        showIcon
        closable={{ onClose }}
        data-testid="rule-import-report"
        title={m.syntax(report.file)}
        description={
          at.line !== null && at.column !== null
            ? m.syntaxAt(t.rules.editor.syntaxAt(at.line, at.column), at.message)
            : at.message
        }
      />
    );
  }
  if ('empty' in report)
    return (
      <Alert
        type="warning"
        showIcon
        closable={{ onClose }}
        data-testid="rule-import-report"
        title={m.empty(report.file)}
      />
    );
  const proposed = report.outcomes.filter((o) => o.status === 'proposed').length;
  const all = proposed === report.outcomes.length;
  return (
    <Alert
      type={all ? 'success' : proposed === 0 ? 'error' : 'warning'}
      showIcon
      closable={{ onClose }}
      data-testid="rule-import-report"
      title={m.summary(report.file, proposed, report.outcomes.length)}
      description={
        <List
          size="small"
          split={false}
          dataSource={report.outcomes}
          renderItem={(outcome) => <OutcomeLine outcome={outcome} />}
          style={{ marginTop: 4 }}
        />
      }
    />
  );
}
