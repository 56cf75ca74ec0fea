import type { ClientKind } from '@dossier/contract';
import { GraphChart } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the graphs need: a force-laid graph, its tooltip, drawn as SVG (crisp, and its labels
// are text a browser test can read).
echarts.use([GraphChart, TooltipComponent, SVGRenderer]);

export interface GraphParty {
  key: string;
  name: string;
  kind: ClientKind;
  /** Null for a masked placeholder outside the viewer's book: drawn grey and not clickable. */
  id: number | null;
  visible: boolean;
  /** The client whose page this is: drawn larger and highlighted. */
  center?: boolean;
  /** Drawn in the warning colour (e.g. members of a guarantee circle). */
  highlight?: boolean;
}

export interface GraphLink {
  source: string;
  target: string;
  label: string;
  /** Directed links get an arrow; symmetric ones (spouse, related party) do not. */
  directed: boolean;
  highlight?: boolean;
}

interface PartyGraphProps {
  parties: GraphParty[];
  links: GraphLink[];
  height?: number;
  onOpen?: (clientId: number) => void;
  testId?: string;
  hiddenLabel: string;
}

const BLUE = '#1677ff';
const CYAN = '#13a8a8';
const GREY = '#bfbfbf';
const RED = '#cf1322';

function nodeStyle(party: GraphParty) {
  if (!party.visible) {
    return { color: '#f5f5f5', borderColor: GREY, borderType: 'dashed' as const, borderWidth: 1.5 };
  }
  const base = party.kind === 'corporate' ? CYAN : BLUE;
  if (party.highlight) return { color: RED, borderColor: '#820014', borderWidth: party.center ? 3 : 1 };
  return { color: base, borderColor: party.center ? '#002c8c' : '#fff', borderWidth: party.center ? 3 : 1 };
}

/** A small force-directed graph of clients and the links between them. */
export function PartyGraph({
  parties,
  links,
  height = 360,
  onOpen,
  testId = 'party-graph',
  hiddenLabel,
}: PartyGraphProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const open = useRef(onOpen);
  open.current = onOpen;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (event) => {
      if (event.dataType !== 'node') return;
      const id = (event.data as { clientId?: number | null }).clientId;
      if (typeof id === 'number') open.current?.(id);
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(
      {
        animationDurationUpdate: 300,
        tooltip: {
          formatter: (params: { dataType?: string; data?: { tip?: string } }) => params.data?.tip ?? '',
        },
        series: [
          {
            type: 'graph',
            layout: 'force',
            roam: true,
            draggable: true,
            autoCurveness: true,
            force: { repulsion: 420, edgeLength: [110, 170], gravity: 0.08 },
            label: { show: true, position: 'bottom', fontSize: 12, color: '#262626' },
            edgeLabel: { show: true, fontSize: 11, color: '#595959', formatter: '{c}' },
            lineStyle: { color: '#8c8c8c', width: 1.5, opacity: 0.9 },
            emphasis: { focus: 'adjacency', lineStyle: { width: 2.5 } },
            data: parties.map((party) => ({
              id: party.key,
              name: party.key,
              clientId: party.visible ? party.id : null,
              tip: party.visible ? party.name : `${party.name}（${hiddenLabel}）`,
              symbol: party.kind === 'corporate' ? 'roundRect' : 'circle',
              symbolSize: party.center ? 46 : 34,
              itemStyle: nodeStyle(party),
              label: {
                formatter: party.name,
                color: party.visible ? '#262626' : '#8c8c8c',
                fontWeight: party.center ? 'bold' : 'normal',
              },
              cursor: party.visible && party.id !== null && !party.center ? 'pointer' : 'default',
            })),
            links: links.map((link) => ({
              source: link.source,
              target: link.target,
              value: link.label,
              symbol: link.directed ? ['none', 'arrow'] : ['none', 'none'],
              symbolSize: 9,
              lineStyle: link.highlight ? { color: RED, width: 2 } : undefined,
            })),
          },
        ],
      },
      { notMerge: true },
    );
  }, [parties, links, hiddenLabel]);

  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
