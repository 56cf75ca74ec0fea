import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import {
  CREDIT_RATINGS,
  DOCUMENT_KINDS,
  type DocumentKind,
  RISK_TOLERANCES,
  type RequiredDocumentsMatrix,
} from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Row, Select, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n.tsx';
import { formatInstant } from '../../lib/time.ts';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { saveRequiredDocuments, settingsKeys, useRequiredDocuments } from './settings.api.ts';

type Requirements = DocumentKind[][];

/** One row of the matrix: each line is a requirement, met by any one of its kinds. */
function RequirementLines({
  label,
  value,
  onChange,
  showErrors,
  testId,
}: {
  label: string;
  value: Requirements;
  onChange: (next: Requirements) => void;
  showErrors: boolean;
  testId: string;
}) {
  const t = useT();
  const s = t.requiredDocuments;
  const kinds = DOCUMENT_KINDS.map((kind) => ({ value: kind, label: t.documents.kinds[kind] }));
  return (
    <Row gutter={16} style={{ padding: '12px 0', borderTop: '1px solid #f0f0f0' }} data-testid={testId}>
      <Col xs={24} md={6}>
        <Typography.Text strong>{label}</Typography.Text>
      </Col>
      <Col xs={24} md={18}>
        <Flex vertical gap={8}>
          {value.length === 0 ? <Typography.Text type="secondary">{s.none}</Typography.Text> : null}
          {value.map((anyOf, i) => {
            const empty = anyOf.length === 0;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their place
              <Flex key={i} vertical gap={2}>
                <Flex gap={8} align="center">
                  <Select<DocumentKind[]>
                    mode="multiple"
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ flex: 1, minWidth: 0 }}
                    placeholder={s.choose}
                    value={anyOf}
                    options={kinds}
                    status={showErrors && empty ? 'error' : undefined}
                    onChange={(kindsChosen) =>
                      onChange(value.map((line, j) => (j === i ? kindsChosen : line)))
                    }
                    data-testid={`${testId}-line-${i}`}
                  />
                  <Tooltip title={s.remove}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={s.remove}
                      onClick={() => onChange(value.filter((_, j) => j !== i))}
                    />
                  </Tooltip>
                </Flex>
                {showErrors && empty ? (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {s.emptyRequirement}
                  </Typography.Text>
                ) : null}
              </Flex>
            );
          })}
          <div>
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => onChange([...value, []])}
              data-testid={`${testId}-add`}
            >
              {s.add}
            </Button>
          </div>
        </Flex>
      </Col>
    </Row>
  );
}

/** The same matrix written one way: levels without lines are left out, so "nothing" compares equal. */
function normalised(matrix: RequiredDocumentsMatrix): RequiredDocumentsMatrix {
  const drop = <K extends string>(by: Partial<Record<K, DocumentKind[][]>>) =>
    Object.fromEntries(Object.entries(by).filter(([, lines]) => (lines as DocumentKind[][]).length > 0));
  return {
    individual: { ...matrix.individual, byRiskTolerance: drop(matrix.individual.byRiskTolerance) },
    corporate: { ...matrix.corporate, byCreditRating: drop(matrix.corporate.byCreditRating) },
  };
}

function hasEmptyLine(matrix: RequiredDocumentsMatrix): boolean {
  const all = [
    matrix.individual.always,
    ...Object.values(matrix.individual.byRiskTolerance),
    matrix.corporate.always,
    ...Object.values(matrix.corporate.byCreditRating),
  ];
  return all.some((lines) => (lines ?? []).some((line) => line.length === 0));
}

/** The administrator's required-documents matrix: by client kind and risk level, with defaults to go back to. */
export function RequiredDocumentsPage() {
  const t = useT();
  const s = t.requiredDocuments;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useRequiredDocuments();
  const [draft, setDraft] = useState<RequiredDocumentsMatrix | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  useDocumentTitle(s.title);

  useEffect(() => {
    if (settings.data && draft === null) setDraft(settings.data.matrix);
  }, [settings.data, draft]);

  const save = useMutation({
    mutationFn: saveRequiredDocuments,
    onSuccess: (saved) => {
      queryClient.setQueryData(settingsKeys.requiredDocuments, saved);
      setDraft(saved.matrix);
      setShowErrors(false);
      message.success(s.saved);
    },
  });

  if (settings.isError) return <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data || draft === null) {
    return (
      <>
        <PageHeader title={s.title} subtitle={s.subtitle} />
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </>
    );
  }
  const current = settings.data;
  const dirty = JSON.stringify(normalised(draft)) !== JSON.stringify(normalised(current.matrix));
  const submit = () => {
    if (hasEmptyLine(draft)) {
      setShowErrors(true);
      return;
    }
    save.mutate(normalised(draft));
  };
  const setIndividual = (patch: Partial<RequiredDocumentsMatrix['individual']>) =>
    setDraft({ ...draft, individual: { ...draft.individual, ...patch } });
  const setCorporate = (patch: Partial<RequiredDocumentsMatrix['corporate']>) =>
    setDraft({ ...draft, corporate: { ...draft.corporate, ...patch } });

  return (
    <>
      <PageHeader
        title={s.title}
        subtitle={s.subtitle}
        extra={
          <>
            <Tooltip title={s.resetHint}>
              <Button
                icon={<UndoOutlined />}
                onClick={() => setDraft(current.defaults)}
                data-testid="reset-defaults"
              >
                {s.resetDefaults}
              </Button>
            </Tooltip>
            <Button
              type="primary"
              onClick={submit}
              loading={save.isPending}
              disabled={!dirty}
              data-testid="save-matrix"
            >
              {s.save}
            </Button>
          </>
        }
      />
      <Flex vertical gap={16}>
        <Flex gap={8} align="center" wrap data-testid="matrix-source">
          {current.source === 'custom' && current.updatedAt ? (
            <Tag color="blue">
              {s.sourceCustom(current.updatedBy?.displayName ?? '', formatInstant(current.updatedAt))}
            </Tag>
          ) : (
            <Tag>{s.sourceDefault}</Tag>
          )}
          {dirty ? <Tag color="orange">{s.unsaved}</Tag> : null}
          <Typography.Text type="secondary">{s.anyOfHint}</Typography.Text>
        </Flex>
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        {showErrors && hasEmptyLine(draft) ? (
          <Alert type="error" showIcon title={s.emptyRequirement} />
        ) : null}
        <Card title={s.individual} size="small" data-testid="matrix-individual">
          <RequirementLines
            label={s.always}
            value={draft.individual.always}
            onChange={(always) => setIndividual({ always })}
            showErrors={showErrors}
            testId="individual-always"
          />
          {RISK_TOLERANCES.map((level) => (
            <RequirementLines
              key={level}
              label={s.riskTolerance(t.enums.riskTolerance[level])}
              value={draft.individual.byRiskTolerance[level] ?? []}
              onChange={(lines) =>
                setIndividual({ byRiskTolerance: { ...draft.individual.byRiskTolerance, [level]: lines } })
              }
              showErrors={showErrors}
              testId={`individual-${level}`}
            />
          ))}
        </Card>
        <Card title={s.corporate} size="small" data-testid="matrix-corporate">
          <RequirementLines
            label={s.always}
            value={draft.corporate.always}
            onChange={(always) => setCorporate({ always })}
            showErrors={showErrors}
            testId="corporate-always"
          />
          {CREDIT_RATINGS.map((level) => (
            <RequirementLines
              key={level}
              label={s.creditRating(t.enums.creditRating[level])}
              value={draft.corporate.byCreditRating[level] ?? []}
              onChange={(lines) =>
                setCorporate({ byCreditRating: { ...draft.corporate.byCreditRating, [level]: lines } })
              }
              showErrors={showErrors}
              testId={`corporate-${level}`}
            />
          ))}
        </Card>
      </Flex>
    </>
  );
}
