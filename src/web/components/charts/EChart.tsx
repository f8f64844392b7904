// A small React wrapper of Apache ECharts. Only the chart types and components the dashboards use are
// registered (echarts/core), and only pages that chart import this file, so ECharts stays out of the first
// page's bundle. The chart follows the container's size, the colour scheme and the UI language (ECharts'
// own strings), and is disposed with the component. For assistive technology it is one image with a
// label; every chart has a table view beside it with the same figures (see ChartCard).
import { useComputedColorScheme, useMantineTheme } from '@mantine/core';
import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, MarkLineComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | MarkLineComponentOption
>;

/** What a click on a bar or point reports. */
export type ChartClick = { seriesId: string | undefined; dataIndex: number };

type Props = {
  option: ChartOption;
  /** What the chart shows, for screen readers (the table view has the figures). */
  label: string;
  height: number;
  onClick?: (e: ChartClick) => void;
  testId?: string;
};

type Axis = Record<string, unknown> | Record<string, unknown>[] | undefined;

export function EChart({ option, label, height, onClick, testId }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const { i18n } = useTranslation();
  const scheme = useComputedColorScheme('light');
  const theme = useMantineTheme();
  const dark = scheme === 'dark';
  const text = dark ? theme.colors.dark[0] : theme.colors.gray[8];
  const muted = dark ? theme.colors.dark[2] : theme.colors.gray[7];
  const lines = dark ? theme.colors.dark[4] : theme.colors.gray[3];

  // A new instance per language (ECharts reads its locale at init), disposed when the component goes.
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const instance = init(node, null, {
      renderer: 'svg',
      locale: i18n.language.startsWith('zh') ? 'ZH' : 'EN',
    });
    chart.current = instance;
    instance.on('click', (p) => {
      const e = p as { seriesId?: string; dataIndex: number };
      clickRef.current?.({ seriesId: e.seriesId, dataIndex: e.dataIndex });
    });
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(node);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [i18n.language]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new language means a new instance to fill
  useEffect(() => {
    const styleAxis = (axis: Axis): Axis => {
      const one = (a: Record<string, unknown>) => ({
        ...a,
        axisLabel: { color: muted, ...(a.axisLabel as object) },
        axisLine: { lineStyle: { color: lines }, ...(a.axisLine as object) },
        splitLine: { lineStyle: { color: lines }, ...(a.splitLine as object) },
      });
      if (!axis) return axis;
      return Array.isArray(axis) ? axis.map(one) : one(axis);
    };
    chart.current?.setOption(
      {
        backgroundColor: 'transparent',
        // No growing bars for people who asked for less motion.
        animation: !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches,
        animationDuration: 300,
        textStyle: { color: text, fontFamily: theme.fontFamily },
        ...option,
        ...(option.legend ? { legend: { textStyle: { color: text }, ...(option.legend as object) } } : {}),
        xAxis: styleAxis(option.xAxis as Axis),
        yAxis: styleAxis(option.yAxis as Axis),
      } as ChartOption,
      { notMerge: true },
    );
  }, [option, text, muted, lines, theme.fontFamily, i18n.language]);

  return (
    <div role="img" aria-label={label} data-testid={testId}>
      <div ref={el} style={{ width: '100%', height, cursor: onClick ? 'pointer' : undefined }} />
    </div>
  );
}
