import { SendOutlined } from '@ant-design/icons';
import type { Rule } from '@dossier/contract';
import { Alert, App, Button, Card, Col, Drawer, Flex, Input, Row, Switch, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useRef, useState } from 'react';
import { isApiError } from '../../api/http.ts';
import { useLang, useT } from '../../i18n/i18n.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { serverMessage } from '../../ui/errorText.ts';
import { BacktestPanel } from './BacktestPanel.tsx';
import {
  formatDefinition,
  type JsonSyntaxError,
  offsetOf,
  parseJson,
  RULE_TEMPLATE,
  type Span,
  spanOfPath,
} from './ruleJson.ts';
import { useProposeRule } from './rules.api.ts';

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

/** A link that selects a fault's place in the text. */
function ShowInText({ onShow, testId }: { onShow: () => void; testId: string }) {
  const t = useT();
  return (
    <Button
      type="link"
      size="small"
      onClick={onShow}
      style={{ paddingInline: 4, height: 'auto' }}
      data-testid={testId}
    >
      {t.rules.editor.showInText}
    </Button>
  );
}

/** The faults the server found in a definition, each with its path: shown beside the editor. */
function Issues({ error, onShow }: { error: unknown; onShow: (field: string) => void }) {
  const t = useT();
  const e = t.rules.editor;
  if (!isApiError(error) || error.code !== 'request.invalid')
    return <ErrorAlert error={error} testId="rule-editor-error" />;
  const issues =
    error.issues.length > 0 ? error.issues : [{ field: error.field ?? '', message: error.message }];
  return (
    <Alert
      type="error"
      showIcon
      title={e.invalid}
      data-testid="rule-editor-issues"
      description={
        <Flex vertical gap={6} component="ul" style={{ margin: 0, paddingInlineStart: 16 }}>
          {issues.map((issue) => (
            <li key={`${issue.field}:${issue.message}`} data-testid="rule-editor-issue">
              {issue.field ? (
                <Typography.Text
                  code
                  style={{ wordBreak: 'break-all' }}
                  data-testid="rule-editor-issue-field"
                >
                  {issue.field}
                </Typography.Text>
              ) : null}{' '}
              <span>{serverMessage(t, issue.message)}</span>
              {issue.field ? (
                <ShowInText onShow={() => onShow(issue.field)} testId="rule-editor-issue-show" />
              ) : null}
            </li>
          ))}
        </Flex>
      }
    />
  );
}

function SyntaxProblem({ error, onShow }: { error: JsonSyntaxError; onShow: () => void }) {
  const t = useT();
  const e = t.rules.editor;
  return (
    <Alert
      type="error"
      showIcon
      title={e.syntaxTitle}
      data-testid="rule-editor-syntax"
      description={
        <>
          {error.line !== null && error.column !== null ? (
            <div>
              <span data-testid="rule-editor-syntax-at">{e.syntaxAt(error.line, error.column)}</span>
              <ShowInText onShow={onShow} testId="rule-editor-syntax-show" />
            </div>
          ) : null}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {error.message}
          </Typography.Text>
        </>
      }
    />
  );
}

/**
 * A rule's definition as JSON, to change (a new version of `rule`) or to write anew (no `rule`),
 * proposed for a second person's approval; a backtest of the draft beside it.
 */
export function RuleEditor({
  rule,
  open,
  onClose,
}: {
  rule: Rule | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const e = t.rules.editor;
  const { message } = App.useApp();
  const [text, setText] = useState(() => formatDefinition(rule ? rule.definition : RULE_TEMPLATE));
  const [enable, setEnable] = useState(rule ? rule.enabled || rule.version === 0 : true);
  const [syntax, setSyntax] = useState<JsonSyntaxError | null>(null);
  const propose = useProposeRule();
  const editor = useRef<TextAreaRef>(null);

  /** Selects a span of the text and scrolls it into view. */
  const select = (span: Span) => {
    const area = editor.current?.resizableTextArea?.textArea;
    if (!area) return;
    area.focus();
    area.setSelectionRange(span.start, Math.max(span.end, span.start + 1));
    // The line's place in the box (a long text scrolls inside it, the drawer around it).
    const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 19;
    const line = text.slice(0, span.start).split('\n').length - 1;
    area.scrollTop = Math.max(0, (line - 3) * lineHeight);
    const rect = area.getBoundingClientRect();
    const y = rect.top + line * lineHeight - area.scrollTop;
    if (y < 80 || y > window.innerHeight - 80) area.scrollIntoView({ block: 'center' });
  };
  const showField = (field: string) => {
    const span = spanOfPath(text, field);
    if (span) select(span);
  };
  const showSyntax = (error: JsonSyntaxError) => {
    if (error.line === null || error.column === null) return;
    const at = offsetOf(text, error.line, error.column);
    select({ start: at, end: at + 1 });
  };

  /** The draft as a value, or null after saying where its JSON is broken. */
  const draft = (): { value: unknown } | null => {
    const parsed = parseJson(text);
    if (!parsed.ok) {
      setSyntax(parsed.error);
      return null;
    }
    setSyntax(null);
    return { value: parsed.value };
  };

  const submit = () => {
    propose.reset();
    const value = draft();
    if (!value) return;
    propose.mutate(
      { ruleId: rule?.id, definition: value.value, enable },
      {
        onSuccess: () => {
          message.success(e.submitted);
          onClose();
        },
      },
    );
  };

  const title = rule ? e.titleEdit(rule.definition.name[lang], rule.code) : e.titleNew;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={1180}
      destroyOnHidden
      data-testid="rule-editor"
      footer={
        <Flex justify="space-between" align="center" gap={12}>
          <Flex align="center" gap={8}>
            <Switch checked={enable} onChange={setEnable} data-testid="rule-editor-enable" />
            <Typography.Text>{e.enabled}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {enable ? e.enabledOn : e.enabledOff}
            </Typography.Text>
          </Flex>
          <Flex gap={8}>
            <Button onClick={onClose}>{t.common.cancel}</Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={propose.isPending}
              onClick={submit}
              data-testid="rule-editor-submit"
            >
              {e.submit}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={8}>
            <Flex justify="space-between" align="center" gap={8} wrap>
              <Typography.Text strong>{e.definitionLabel}</Typography.Text>
              {rule ? (
                <Tag style={{ marginInlineEnd: 0 }}>{e.basedOn(rule.version)}</Tag>
              ) : (
                <Tag style={{ marginInlineEnd: 0 }}>{e.template}</Tag>
              )}
            </Flex>
            <Input.TextArea
              ref={editor}
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                // What was said about the text before is about another text now.
                if (syntax) setSyntax(null);
                if (propose.isError) propose.reset();
              }}
              spellCheck={false}
              autoSize={{ minRows: 24, maxRows: 40 }}
              style={{
                fontFamily: MONO,
                fontSize: 12.5,
                lineHeight: 1.55,
              }}
              aria-label={e.definitionLabel}
              data-testid="rule-editor-json"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.hint}
            </Typography.Text>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={12}>
            {syntax ? <SyntaxProblem error={syntax} onShow={() => showSyntax(syntax)} /> : null}
            {propose.isError ? <Issues error={propose.error} onShow={showField} /> : null}
            {rule?.pending ? (
              <Alert type="warning" showIcon title={e.pendingExists(rule.pending.version)} />
            ) : null}
            <Card size="small" title={t.rules.backtest.title}>
              <BacktestPanel
                source={() => {
                  const value = draft();
                  return value ? { definition: value.value } : null;
                }}
              />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Drawer>
  );
}
