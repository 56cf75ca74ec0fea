import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginRequest } from '@dossier/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/http.ts';
import { useT } from '../../i18n/i18n.tsx';
import { useDocumentTitle } from '../../lib/useDocumentTitle.ts';
import { errorText } from '../../ui/errorText.ts';
import { Brand } from '../shell/Brand.tsx';
import { LanguageSwitch } from '../shell/LanguageSwitch.tsx';
import { login, meKey, useMe } from './auth.api.ts';

/** Only a path inside this app may follow the login, never another site. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const t = useT();
  const [form] = Form.useForm<LoginRequest>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const next = safeNext(params.get('next'));
  useDocumentTitle(t.auth.title);

  const signIn = useMutation({
    mutationFn: login,
    onSuccess: (user) => {
      queryClient.setQueryData(meKey, user);
      navigate(next, { replace: true });
    },
  });

  useEffect(() => {
    if (signIn.isError) form.setFieldValue('password', '');
  }, [signIn.isError, form]);

  if (me.data) return <Navigate to={next} replace />;

  const failure = signIn.error ? errorText(t, signIn.error) : null;
  const locked = isApiError(signIn.error) && signIn.error.code === 'auth.locked';

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{
        minHeight: '100vh',
        padding: 24,
        background: 'linear-gradient(160deg, #0f2744 0%, #1f4e8c 55%, #eef2f7 55%)',
      }}
    >
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 12px 40px rgba(15, 39, 68, 0.18)' }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 24 }}>
          <Brand />
          <LanguageSwitch />
        </Flex>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t.auth.welcome}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t.app.tagline}</Typography.Paragraph>
        {params.get('expired') ? (
          <Alert type="info" showIcon title={t.auth.sessionExpired} style={{ marginBottom: 16 }} />
        ) : null}
        {failure ? (
          <Alert
            type={locked ? 'warning' : 'error'}
            showIcon
            data-testid="login-error"
            title={locked ? t.auth.lockedTitle : failure.title}
            description={locked ? failure.detail : undefined}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <Form<LoginRequest>
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values) => signIn.mutate(values)}
          disabled={signIn.isPending}
        >
          <Form.Item
            name="username"
            label={t.auth.username}
            rules={[{ required: true, whitespace: true, message: t.auth.usernameRequired }]}
          >
            <Input
              prefix={<UserOutlined />}
              placeholder={t.auth.usernamePlaceholder}
              autoComplete="username"
              autoFocus
              size="large"
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t.auth.password}
            rules={[{ required: true, message: t.auth.passwordRequired }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              placeholder={t.auth.passwordPlaceholder}
              autoComplete="current-password"
              size="large"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={signIn.isPending}
            data-testid="login-submit"
          >
            {t.auth.submit}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 20, marginBottom: 0 }}>
          {t.auth.footer}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
