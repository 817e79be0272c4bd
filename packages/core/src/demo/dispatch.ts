import * as Auth from "../auth";
import * as Dispatch from "../dispatch";
import { type Actor, withActor } from "../platform/context";

export const DEMO_TECHNICIAN_EMAIL = "tech@demo-isp.example";
export const DEMO_DISPATCHER_EMAIL = "dispatch@demo-isp.example";

const asSystem = <T>(fn: () => T) => withActor({ type: "system", properties: { job: "demo.seed" } }, fn);
const ZONE = "Africa/Lagos";

/** The field crew: the demo technician signs in on /tech; the others fill the board. */
const crew = [
  {
    email: DEMO_TECHNICIAN_EMAIL,
    name: "Tunde Okafor",
    title: "Senior field technician",
    home: [6.5244, 3.3792],
    skills: { "Fibre splicing": 5, "ONT install": 4, "Wireless survey": 2 },
  },
  {
    email: "amaka.tech@demo-isp.example",
    name: "Amaka Eze",
    title: "Field technician",
    home: [6.4355, 3.4791],
    skills: { "ONT install": 5, "Fibre splicing": 3 },
  },
  {
    email: "bayo.tech@demo-isp.example",
    name: "Bayo Adeyemi",
    title: "Field technician",
    home: [6.6018, 3.3515],
    skills: { "Wireless survey": 5, "Tower climb": 4 },
  },
  {
    email: "chidi.tech@demo-isp.example",
    name: "Chidi Nwosu",
    title: "Apprentice",
    home: [6.4969, 3.3553],
    skills: { "ONT install": 2 },
  },
] as const;
const skillNames = ["Fibre splicing", "ONT install", "Wireless survey", "Tower climb"] as const;

export interface DemoDispatch {
  /** Every demo technician, the demo login first. */
  technicianUserIds: string[];
  demoTechnicianUserId: string;
  dispatcherUserId: string;
}

/**
 * The demo field crew (staff, role field_technician) and a dispatcher, with the admin's demo password,
 * skills with proficiency, a week of 08:00–17:00 Lagos shifts from today and two dispatch rules. A
 * re-run adds nothing once the demo technician exists.
 */
export async function seedDispatch(password: string, admin: Actor): Promise<DemoDispatch> {
  const existing = await Auth.fromEmail(DEMO_TECHNICIAN_EMAIL);
  if (existing) {
    const ids = await Promise.all(crew.map((c) => Auth.fromEmail(c.email)));
    const dispatcher = await Auth.fromEmail(DEMO_DISPATCHER_EMAIL);
    return {
      technicianUserIds: ids.flatMap((u) => (u ? [u.id] : [])),
      demoTechnicianUserId: existing.id,
      dispatcherUserId: dispatcher?.id as string,
    };
  }
  const dispatcher = await asSystem(() =>
    Auth.createUser({ email: DEMO_DISPATCHER_EMAIL, password, displayName: "Ngozi Dispatch", roles: ["dispatcher"] }),
  );
  return withActor(admin, async () => {
    const skills = new Map<string, string>();
    const catalogue = await Dispatch.Technicians.listSkills({});
    for (const name of skillNames) {
      skills.set(
        name,
        catalogue.find((s) => s.name === name)?.id ?? (await Dispatch.Technicians.createSkill({ name })).id,
      );
    }
    const today = Dispatch.wallClock(ZONE, new Date()).date;
    const end = new Date(`${today}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 6);
    const ids: string[] = [];
    for (const c of crew) {
      const user = await asSystem(() =>
        Auth.createUser({ email: c.email, password, displayName: c.name, roles: ["field_technician"] }),
      );
      ids.push(user.id);
      await Dispatch.Technicians.save({
        userId: user.id,
        title: c.title,
        region: "Lagos",
        timeZone: ZONE,
        homeLatitude: c.home[0],
        homeLongitude: c.home[1],
        maxJobsPerDay: 6,
      });
      const held = Object.entries(c.skills) as [string, number][];
      await Dispatch.Technicians.setSkills({
        userId: user.id,
        skills: held.map(([name, proficiency], i) => ({
          skillId: skills.get(name) as string,
          proficiency,
          isPrimary: i === 0,
        })),
      });
      await Dispatch.Technicians.addShifts({
        userId: user.id,
        from: today,
        to: end.toISOString().slice(0, 10),
        start: "08:00",
        end: "17:00",
      });
    }
    await Dispatch.Rules.create({
      name: "Installs need ONT install",
      workType: "install",
      skillIds: [skills.get("ONT install") as string],
      position: 10,
    });
    await Dispatch.Rules.create({
      name: "Urgent repairs in Lagos",
      workType: "repair",
      priority: "urgent",
      region: "Lagos",
      autoAssign: true,
      position: 20,
    });
    return { technicianUserIds: ids, demoTechnicianUserId: ids[0] as string, dispatcherUserId: dispatcher.id };
  });
}
