/**
 * Built-in funnel models. The default is the 8-step buyer-aligned process of PRODUCT.md (seeds/004):
 * each sales step serves a step of the buyer's purchasing process, sits in a funnel state and ends with
 * a milestone (exit criteria). Pure data, shared by the server (new organizations) and the web app.
 */
export type FunnelState = 'searching' | 'in_funnel' | 'best';

export type StageTemplate = {
  nameEn: string;
  nameZh: string;
  buyerStepEn: string;
  buyerStepZh: string;
  milestoneEn: string;
  milestoneZh: string;
  funnelState: FunnelState;
  probability: number;
  expectedDays: number;
};

export const EIGHT_STEP_PROCESS: { nameEn: string; nameZh: string; stages: StageTemplate[] } = {
  nameEn: 'Solution sale (8 steps)',
  nameZh: '方案销售（八步法）',
  stages: [
    {
      nameEn: 'Project initiation',
      nameZh: '项目立项',
      buyerStepEn: 'Finds a problem, states a need',
      buyerStepZh: '发现问题，提出需求',
      milestoneEn: 'Project analysed, initiation approved',
      milestoneZh: '项目分析完成，立项获批',
      funnelState: 'searching',
      probability: 5,
      expectedDays: 14,
    },
    {
      nameEn: 'Initial contact',
      nameZh: '初步接触',
      buyerStepEn: 'Studies feasibility, sets budget',
      buyerStepZh: '可行性研究，确定预算',
      milestoneEn: 'Visited, an insider/coach won',
      milestoneZh: '完成拜访，发展线人',
      funnelState: 'searching',
      probability: 10,
      expectedDays: 21,
    },
    {
      nameEn: 'Solution design',
      nameZh: '方案设计',
      buyerStepEn: 'Initiates project, forms buying team',
      buyerStepZh: '项目立项，组建采购团队',
      milestoneEn: 'Solution done, key information obtained',
      milestoneZh: '方案完成，获取关键信息',
      funnelState: 'in_funnel',
      probability: 20,
      expectedDays: 30,
    },
    {
      nameEn: 'Capability demonstration',
      nameZh: '业绩展示',
      buyerStepEn: 'Sets purchase criteria',
      buyerStepZh: '确定采购标准',
      milestoneEn: 'Strength shown, technical preference',
      milestoneZh: '展示实力，形成技术倾向',
      funnelState: 'in_funnel',
      probability: 35,
      expectedDays: 21,
    },
    {
      nameEn: 'Solution confirmation',
      nameZh: '方案确认',
      buyerStepEn: 'Tenders, first screening',
      buyerStepZh: '招标，初步筛选',
      milestoneEn: 'Solution confirmed, technically cleared',
      milestoneZh: '方案确认，技术过关',
      funnelState: 'in_funnel',
      probability: 50,
      expectedDays: 21,
    },
    {
      nameEn: 'Project evaluation',
      nameZh: '项目评估',
      buyerStepEn: 'Picks preferred supplier',
      buyerStepZh: '选择首选供应商',
      milestoneEn: 'Needs dug out, senior management leaning to us',
      milestoneZh: '挖掘需求，高层倾向我方',
      funnelState: 'best',
      probability: 65,
      expectedDays: 14,
    },
    {
      nameEn: 'Commercial negotiation',
      nameZh: '商务谈判',
      buyerStepEn: 'Negotiates contract',
      buyerStepZh: '合同谈判',
      milestoneEn: 'Terms clear, consensus reached',
      milestoneZh: '条款明确，达成共识',
      funnelState: 'best',
      probability: 80,
      expectedDays: 14,
    },
    {
      nameEn: 'Signing',
      nameZh: '签约成交',
      buyerStepEn: 'Signs',
      buyerStepZh: '签订合同',
      milestoneEn: 'Contract signed',
      milestoneZh: '合同签订',
      funnelState: 'best',
      probability: 90,
      expectedDays: 7,
    },
  ],
};
